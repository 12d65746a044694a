using Microsoft.VisualStudio.TestTools.UnitTesting;

// Each test works in its own temp folder and runs its own processes, so two can run at once (2 cores here).
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]
