using Microsoft.VisualStudio.TestTools.UnitTesting;

// Each test works in its own temp folder; package tests run whole builds, two at a time on 2 cores.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]
