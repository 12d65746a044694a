using Microsoft.VisualStudio.TestTools.UnitTesting;

// Each test uses its own temp registry.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]
