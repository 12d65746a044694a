using Microsoft.VisualStudio.TestTools.UnitTesting;

// Driver runs are in-memory and independent; two at a time on the 2-core CI machine.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]
