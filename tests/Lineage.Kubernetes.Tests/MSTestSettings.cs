using Microsoft.VisualStudio.TestTools.UnitTesting;

// Each test works in its own namespace of the shared API server, so two can run at once (2 cores here).
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]
