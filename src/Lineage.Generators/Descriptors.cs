using System.Collections.Generic;
using Lineage.Core.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Lineage.Generators;

/// <summary>
/// One descriptor per <c>LIN</c> code the generator can report: the codes of Lineage.Core
/// (<see cref="DiagnosticCodes"/>), shared with the MSBuild task and the CLI, so one problem has one code wherever it
/// shows. Listed in AnalyzerReleases.Unshipped.md; causes and fixes are in docs/diagnostics.md.
/// </summary>
internal static class Descriptors
{
    private const string Category = "Lineage";

    // Each descriptor is a field created with a constant id, so the release-tracking analyzer (RS2008) sees it.
    private static readonly DiagnosticDescriptor YamlSyntax = new DiagnosticDescriptor(DiagnosticCodes.YamlSyntax, "YAML syntax", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor NotAMapping = new DiagnosticDescriptor(DiagnosticCodes.NotAMapping, "Not a mapping", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidValue = new DiagnosticDescriptor(DiagnosticCodes.InvalidValue, "Invalid value", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor UnknownTag = new DiagnosticDescriptor(DiagnosticCodes.UnknownTag, "Unknown tag", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor ExpansionLimit = new DiagnosticDescriptor(DiagnosticCodes.ExpansionLimit, "Expansion limit", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor FileTooLarge = new DiagnosticDescriptor(DiagnosticCodes.FileTooLarge, "File too large", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor Unsupported = new DiagnosticDescriptor(DiagnosticCodes.Unsupported, "Unsupported", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor ReadError = new DiagnosticDescriptor(DiagnosticCodes.ReadError, "Read error", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor UnhashableKey = new DiagnosticDescriptor(DiagnosticCodes.UnhashableKey, "Unhashable key", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor CannotDump = new DiagnosticDescriptor(DiagnosticCodes.CannotDump, "Cannot dump", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidCircuitCatalog = new DiagnosticDescriptor(DiagnosticCodes.InvalidCircuitCatalog, "Invalid catalog", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor MissingCircuitId = new DiagnosticDescriptor(DiagnosticCodes.MissingCircuitId, "Missing id", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor DuplicateCircuitId = new DiagnosticDescriptor(DiagnosticCodes.DuplicateCircuitId, "Duplicate id", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor UnsafeCircuitId = new DiagnosticDescriptor(DiagnosticCodes.UnsafeCircuitId, "Unsafe id", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor WriteError = new DiagnosticDescriptor(DiagnosticCodes.WriteError, "Write error", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidSourceDateEpoch = new DiagnosticDescriptor(DiagnosticCodes.InvalidSourceDateEpoch, "Bad SOURCE_DATE_EPOCH", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidBuildSetting = new DiagnosticDescriptor(DiagnosticCodes.InvalidBuildSetting, "Invalid build setting", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor StudyConfigNotAMapping = new DiagnosticDescriptor(DiagnosticCodes.StudyConfigNotAMapping, "Study config not a mapping", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor NotJsonSerializable = new DiagnosticDescriptor(DiagnosticCodes.NotJsonSerializable, "Not JSON serializable", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor UnsortableKeys = new DiagnosticDescriptor(DiagnosticCodes.UnsortableKeys, "Unsortable keys", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor CircularReference = new DiagnosticDescriptor(DiagnosticCodes.CircularReference, "Circular reference", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor IntegerTooLong = new DiagnosticDescriptor(DiagnosticCodes.IntegerTooLong, "Integer too long", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor NotUtf8Encodable = new DiagnosticDescriptor(DiagnosticCodes.NotUtf8Encodable, "Not UTF-8 encodable", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidStudyItem = new DiagnosticDescriptor(DiagnosticCodes.InvalidStudyItem, "Invalid study item", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    // The registry's codes (LIN04xx) are reported by the CLI and the registry targets, never by the generator; they have
    // descriptors so every core code has one (and release tracking lists them all).
    private static readonly DiagnosticDescriptor InvalidModelName = new DiagnosticDescriptor(DiagnosticCodes.InvalidModelName, "Invalid model name", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidVersion = new DiagnosticDescriptor(DiagnosticCodes.InvalidVersion, "Invalid version", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidTag = new DiagnosticDescriptor(DiagnosticCodes.InvalidTag, "Invalid tag", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor PathEscapesRegistry = new DiagnosticDescriptor(DiagnosticCodes.PathEscapesRegistry, "Path escapes the registry", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor NotInRegistry = new DiagnosticDescriptor(DiagnosticCodes.NotInRegistry, "Not in the registry", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor GateFailed = new DiagnosticDescriptor(DiagnosticCodes.GateFailed, "Quality gate failed", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidGateInput = new DiagnosticDescriptor(DiagnosticCodes.InvalidGateInput, "Invalid gate input", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor RegistryBusy = new DiagnosticDescriptor(DiagnosticCodes.RegistryBusy, "Registry busy", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor RegistryCorrupt = new DiagnosticDescriptor(DiagnosticCodes.RegistryCorrupt, "Registry corrupt", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor ModelFileMismatch = new DiagnosticDescriptor(DiagnosticCodes.ModelFileMismatch, "Model file mismatch", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidManifest = new DiagnosticDescriptor(DiagnosticCodes.InvalidManifest, "Invalid manifest", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor NoRegistry = new DiagnosticDescriptor(DiagnosticCodes.NoRegistry, "No registry", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor DuplicateConfigHash = new DiagnosticDescriptor(DiagnosticCodes.DuplicateConfigHash, "Duplicate config hash", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor MissingModels = new DiagnosticDescriptor(DiagnosticCodes.MissingModels, "Missing models", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor NothingToRollBack = new DiagnosticDescriptor(DiagnosticCodes.NothingToRollBack, "Nothing to roll back", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidRetrainPolicy = new DiagnosticDescriptor(DiagnosticCodes.InvalidRetrainPolicy, "Invalid retraining policy", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidJobTransition = new DiagnosticDescriptor(DiagnosticCodes.InvalidJobTransition, "Invalid job transition", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor JobNotFound = new DiagnosticDescriptor(DiagnosticCodes.JobNotFound, "Retraining job not found", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor JobStoreCorrupt = new DiagnosticDescriptor(DiagnosticCodes.JobStoreCorrupt, "Job store corrupt", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor JobAlreadyActive = new DiagnosticDescriptor(DiagnosticCodes.JobAlreadyActive, "Retraining already active", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor TrainingFailed = new DiagnosticDescriptor(DiagnosticCodes.TrainingFailed, "Training failed", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidPredictions = new DiagnosticDescriptor(DiagnosticCodes.InvalidPredictions, "Invalid predictions", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor ValidationFailed = new DiagnosticDescriptor(DiagnosticCodes.ValidationFailed, "Validation failed", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor DeploymentRefused = new DiagnosticDescriptor(DiagnosticCodes.DeploymentRefused, "Deployment refused", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidArtifact = new DiagnosticDescriptor(DiagnosticCodes.InvalidArtifact, "Invalid artifact", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidMetricsSource = new DiagnosticDescriptor(DiagnosticCodes.InvalidMetricsSource, "Invalid metrics source", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor MetricsQueryFailed = new DiagnosticDescriptor(DiagnosticCodes.MetricsQueryFailed, "Metrics query failed", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor MetricsSourceUnreachable = new DiagnosticDescriptor(DiagnosticCodes.MetricsSourceUnreachable, "Metrics source unreachable", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidMetricsResponse = new DiagnosticDescriptor(DiagnosticCodes.InvalidMetricsResponse, "Invalid metrics response", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor AmbiguousMetricSeries = new DiagnosticDescriptor(DiagnosticCodes.AmbiguousMetricSeries, "Ambiguous metric series", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidMetricsFile = new DiagnosticDescriptor(DiagnosticCodes.InvalidMetricsFile, "Invalid metrics file", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidNotifierSettings = new DiagnosticDescriptor(DiagnosticCodes.InvalidNotifierSettings, "Invalid notifier settings", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor NotificationNotDelivered = new DiagnosticDescriptor(DiagnosticCodes.NotificationNotDelivered, "Notification not delivered", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidMetricsExport = new DiagnosticDescriptor(DiagnosticCodes.InvalidMetricsExport, "Invalid metrics export", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor PushgatewayFailed = new DiagnosticDescriptor(DiagnosticCodes.PushgatewayFailed, "Pushgateway push failed", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    // The Kubernetes runner's codes (LIN054x) are reported by Lineage.Kubernetes and the CLI, never by the generator.
    private static readonly DiagnosticDescriptor KubeconfigInvalid = new DiagnosticDescriptor(DiagnosticCodes.KubeconfigInvalid, "Invalid kubeconfig", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor KubernetesRunnerOptionsInvalid = new DiagnosticDescriptor(DiagnosticCodes.KubernetesRunnerOptionsInvalid, "Invalid Kubernetes runner options", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor KubernetesUnreachable = new DiagnosticDescriptor(DiagnosticCodes.KubernetesUnreachable, "Kubernetes API server unreachable", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor KubernetesUnauthorized = new DiagnosticDescriptor(DiagnosticCodes.KubernetesUnauthorized, "Kubernetes credentials refused", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor KubernetesForbidden = new DiagnosticDescriptor(DiagnosticCodes.KubernetesForbidden, "Kubernetes access forbidden", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor KubernetesNamespaceNotFound = new DiagnosticDescriptor(DiagnosticCodes.KubernetesNamespaceNotFound, "Kubernetes namespace not found", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor KubernetesJobConflict = new DiagnosticDescriptor(DiagnosticCodes.KubernetesJobConflict, "Kubernetes Job name taken", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor KubernetesJobNotFound = new DiagnosticDescriptor(DiagnosticCodes.KubernetesJobNotFound, "Kubernetes Job not found", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor KubernetesApiError = new DiagnosticDescriptor(DiagnosticCodes.KubernetesApiError, "Kubernetes API error", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    // The drift codes (LIN050x) are reported by the CLI and the retraining runtime, never by the generator.
    private static readonly DiagnosticDescriptor InvalidDriftCsv = new DiagnosticDescriptor(DiagnosticCodes.InvalidDriftCsv, "Invalid drift CSV", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor DriftFeatureNotFound = new DiagnosticDescriptor(DiagnosticCodes.DriftFeatureNotFound, "Drift feature not found", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor DriftFeatureNotNumeric = new DiagnosticDescriptor(DiagnosticCodes.DriftFeatureNotNumeric, "Drift feature not numeric", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor EmptyDriftSample = new DiagnosticDescriptor(DiagnosticCodes.EmptyDriftSample, "Empty drift sample", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InvalidDriftOption = new DiagnosticDescriptor(DiagnosticCodes.InvalidDriftOption, "Invalid drift option", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> ByCode = new()
    {
        [DiagnosticCodes.YamlSyntax] = YamlSyntax,
        [DiagnosticCodes.NotAMapping] = NotAMapping,
        [DiagnosticCodes.InvalidValue] = InvalidValue,
        [DiagnosticCodes.UnknownTag] = UnknownTag,
        [DiagnosticCodes.ExpansionLimit] = ExpansionLimit,
        [DiagnosticCodes.FileTooLarge] = FileTooLarge,
        [DiagnosticCodes.Unsupported] = Unsupported,
        [DiagnosticCodes.ReadError] = ReadError,
        [DiagnosticCodes.UnhashableKey] = UnhashableKey,
        [DiagnosticCodes.CannotDump] = CannotDump,
        [DiagnosticCodes.InvalidCircuitCatalog] = InvalidCircuitCatalog,
        [DiagnosticCodes.MissingCircuitId] = MissingCircuitId,
        [DiagnosticCodes.DuplicateCircuitId] = DuplicateCircuitId,
        [DiagnosticCodes.UnsafeCircuitId] = UnsafeCircuitId,
        [DiagnosticCodes.WriteError] = WriteError,
        [DiagnosticCodes.InvalidSourceDateEpoch] = InvalidSourceDateEpoch,
        [DiagnosticCodes.InvalidBuildSetting] = InvalidBuildSetting,
        [DiagnosticCodes.StudyConfigNotAMapping] = StudyConfigNotAMapping,
        [DiagnosticCodes.NotJsonSerializable] = NotJsonSerializable,
        [DiagnosticCodes.UnsortableKeys] = UnsortableKeys,
        [DiagnosticCodes.CircularReference] = CircularReference,
        [DiagnosticCodes.IntegerTooLong] = IntegerTooLong,
        [DiagnosticCodes.NotUtf8Encodable] = NotUtf8Encodable,
        [DiagnosticCodes.InvalidStudyItem] = InvalidStudyItem,
        [DiagnosticCodes.InvalidModelName] = InvalidModelName,
        [DiagnosticCodes.InvalidVersion] = InvalidVersion,
        [DiagnosticCodes.InvalidTag] = InvalidTag,
        [DiagnosticCodes.PathEscapesRegistry] = PathEscapesRegistry,
        [DiagnosticCodes.NotInRegistry] = NotInRegistry,
        [DiagnosticCodes.GateFailed] = GateFailed,
        [DiagnosticCodes.InvalidGateInput] = InvalidGateInput,
        [DiagnosticCodes.RegistryBusy] = RegistryBusy,
        [DiagnosticCodes.RegistryCorrupt] = RegistryCorrupt,
        [DiagnosticCodes.ModelFileMismatch] = ModelFileMismatch,
        [DiagnosticCodes.InvalidManifest] = InvalidManifest,
        [DiagnosticCodes.NoRegistry] = NoRegistry,
        [DiagnosticCodes.DuplicateConfigHash] = DuplicateConfigHash,
        [DiagnosticCodes.MissingModels] = MissingModels,
        [DiagnosticCodes.NothingToRollBack] = NothingToRollBack,
        [DiagnosticCodes.InvalidArtifact] = InvalidArtifact,
        [DiagnosticCodes.InvalidRetrainPolicy] = InvalidRetrainPolicy,
        [DiagnosticCodes.InvalidJobTransition] = InvalidJobTransition,
        [DiagnosticCodes.JobNotFound] = JobNotFound,
        [DiagnosticCodes.JobStoreCorrupt] = JobStoreCorrupt,
        [DiagnosticCodes.JobAlreadyActive] = JobAlreadyActive,
        [DiagnosticCodes.TrainingFailed] = TrainingFailed,
        [DiagnosticCodes.InvalidPredictions] = InvalidPredictions,
        [DiagnosticCodes.ValidationFailed] = ValidationFailed,
        [DiagnosticCodes.DeploymentRefused] = DeploymentRefused,
        [DiagnosticCodes.InvalidMetricsSource] = InvalidMetricsSource,
        [DiagnosticCodes.MetricsQueryFailed] = MetricsQueryFailed,
        [DiagnosticCodes.MetricsSourceUnreachable] = MetricsSourceUnreachable,
        [DiagnosticCodes.InvalidMetricsResponse] = InvalidMetricsResponse,
        [DiagnosticCodes.AmbiguousMetricSeries] = AmbiguousMetricSeries,
        [DiagnosticCodes.InvalidMetricsFile] = InvalidMetricsFile,
        [DiagnosticCodes.InvalidNotifierSettings] = InvalidNotifierSettings,
        [DiagnosticCodes.NotificationNotDelivered] = NotificationNotDelivered,
        [DiagnosticCodes.InvalidMetricsExport] = InvalidMetricsExport,
        [DiagnosticCodes.PushgatewayFailed] = PushgatewayFailed,
        [DiagnosticCodes.KubeconfigInvalid] = KubeconfigInvalid,
        [DiagnosticCodes.KubernetesRunnerOptionsInvalid] = KubernetesRunnerOptionsInvalid,
        [DiagnosticCodes.KubernetesUnreachable] = KubernetesUnreachable,
        [DiagnosticCodes.KubernetesUnauthorized] = KubernetesUnauthorized,
        [DiagnosticCodes.KubernetesForbidden] = KubernetesForbidden,
        [DiagnosticCodes.KubernetesNamespaceNotFound] = KubernetesNamespaceNotFound,
        [DiagnosticCodes.KubernetesJobConflict] = KubernetesJobConflict,
        [DiagnosticCodes.KubernetesJobNotFound] = KubernetesJobNotFound,
        [DiagnosticCodes.KubernetesApiError] = KubernetesApiError,
        [DiagnosticCodes.InvalidDriftCsv] = InvalidDriftCsv,
        [DiagnosticCodes.DriftFeatureNotFound] = DriftFeatureNotFound,
        [DiagnosticCodes.DriftFeatureNotNumeric] = DriftFeatureNotNumeric,
        [DiagnosticCodes.EmptyDriftSample] = EmptyDriftSample,
        [DiagnosticCodes.InvalidDriftOption] = InvalidDriftOption,
    };

    /// <summary>Every code with a descriptor (tests check it covers <see cref="DiagnosticCodes"/>).</summary>
    public static IEnumerable<string> Codes => ByCode.Keys;

    /// <summary>
    /// The descriptor of <paramref name="code"/>. A code added to Lineage.Core without a descriptor here falls back to
    /// LIN0100 with the real code at the front of the message, so it is still reported, never dropped.
    /// </summary>
    public static DiagnosticDescriptor For(string code, ref string message)
    {
        if (ByCode.TryGetValue(code, out var descriptor))
        {
            return descriptor;
        }

        message = code + ": " + message;
        return ByCode[DiagnosticCodes.InvalidCircuitCatalog];
    }
}
