using System;
using System.IO;
using System.Text;
using Lineage.Core.Diagnostics;

namespace Lineage.Core.Yaml;

/// <summary>
/// PyYAML-compatible entry points: <see cref="Load(string, string?, YamlLoadOptions?)"/> is <c>yaml.safe_load</c> and
/// <see cref="Dump"/> is <c>yaml.dump(value, sort_keys=..., default_flow_style=False)</c>.
/// </summary>
public static class PyYaml
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Loads YAML text as <c>yaml.safe_load</c> would. Returns the Python-like value (see <see cref="PyDict"/> and
    /// friends), or <c>null</c> for an empty document. Throws <see cref="LineageException"/> where PyYAML raises.
    /// </summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="sourceName">File name for error messages.</param>
    /// <param name="options">Limits; <see cref="YamlLoadOptions.Default"/> when null.</param>
    public static object? Load(string text, string? sourceName = null, YamlLoadOptions? options = null) => Load(text, sourceName, options, null);

    /// <summary>
    /// <see cref="Load(string, string?, YamlLoadOptions?)"/>; when a top-level block sequence is composed in parallel
    /// chunks, <paramref name="splitItemSink"/> (if given) is called on the worker with the sequence's key, the item's
    /// index and the constructed item, and what it returns is put in the list instead. It must not throw.
    /// </summary>
    internal static object? Load(string text, string? sourceName, YamlLoadOptions? options, Func<string, int, object?, object?>? splitItemSink)
    {
        options ??= YamlLoadOptions.Default;
        try
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            var root = YamlComposer.Compose(text, options, allowSplit: true, out var split);
            if (root is null)
            {
                return null;
            }

            if (!split)
            {
                return new YamlConstructor(options).Construct(root);
            }

            try
            {
                var value = new YamlConstructor(options) { SplitItemSink = splitItemSink }.Construct(root);
                SequenceSplitter.CountSplit();
                return value;
            }
            catch (Exception ex) when (ex is SequenceSplitter.AbandonException or LineageException)
            {
                // An item that does not stand alone, or an error: one pass decides, with the message it gives.
                root = YamlComposer.Compose(text, options);
                return root is null ? null : new YamlConstructor(options).Construct(root);
            }
        }
        catch (LineageException ex)
        {
            throw ex.WithFile(sourceName);
        }
    }

    /// <summary>Reads a file as UTF-8 (strictly, as Python's text mode does), enforcing the size limit.</summary>
    public static string ReadFile(string path, YamlLoadOptions? options = null)
    {
        options ??= YamlLoadOptions.Default;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new LineageException(DiagnosticCodes.ReadError, "file not found", path);
            }

            if (info.Length > options.MaxFileBytes)
            {
                throw new LineageException(
                    DiagnosticCodes.FileTooLarge,
                    $"file is {info.Length:N0} bytes, more than the limit of {options.MaxFileBytes:N0}; raise the limit if this is really a config",
                    path);
            }

            var bytes = File.ReadAllBytes(path);
            return DecodeUtf8(bytes, path);
        }
        catch (IOException ex)
        {
            throw new LineageException(DiagnosticCodes.ReadError, ex.Message, path, inner: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new LineageException(DiagnosticCodes.ReadError, ex.Message, path, inner: ex);
        }
    }

    /// <summary>Decodes UTF-8 strictly; an invalid byte is an error naming its line and column.</summary>
    public static string DecodeUtf8(byte[] bytes, string? sourceName = null)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Max(0, ex.Index);
            int line = 1, column = 1;
            var prefix = Encoding.UTF8.GetString(bytes, 0, Math.Min(offset, bytes.Length));
            foreach (var c in prefix)
            {
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }

            throw new LineageException(DiagnosticCodes.ReadError, "the file is not valid UTF-8", sourceName, line, column, ex);
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> as <c>yaml.dump(value, sort_keys=sortKeys, default_flow_style=False)</c> does
    /// with PyYAML's default Dumper (allow_unicode off, width 80, indent 2).
    /// </summary>
    public static string Dump(object? value, bool sortKeys = true) => PyYamlDumper.Dump(value, sortKeys);
}
