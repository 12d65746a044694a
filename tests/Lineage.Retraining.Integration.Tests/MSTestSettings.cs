using Microsoft.VisualStudio.TestTools.UnitTesting;

// Each test pushes to its own Pushgateway group and waits for scrapes, so they overlap well.
[assembly: Parallelize(Workers = 4, Scope = ExecutionScope.MethodLevel)]
