// Records and init accessors in a netstandard2.0 assembly need this marker type, which only newer frameworks ship.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
