namespace Lineage.Core.Diagnostics;

/// <summary>
/// Every <c>LIN</c> diagnostic code, shared by the core, the CLI, the MSBuild tasks and the generator so one
/// problem has one code wherever it surfaces. Causes and fixes are listed in <c>docs/diagnostics.md</c>.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>The YAML text is malformed (scanner, parser or composer error).</summary>
    public const string YamlSyntax = "LIN0001";

    /// <summary>A config's top level is not a mapping, so there is nothing to hash.</summary>
    public const string NotAMapping = "LIN0002";

    /// <summary>A scalar cannot be converted to its type (an impossible date, a bad number, invalid base64).</summary>
    public const string InvalidValue = "LIN0003";

    /// <summary>A tag has no constructor in PyYAML's SafeLoader (for example <c>!foo</c> or <c>!!python/tuple</c>).</summary>
    public const string UnknownTag = "LIN0004";

    /// <summary>Aliases expand to more nodes than the configured limit (a "YAML bomb"), or nesting is too deep.</summary>
    public const string ExpansionLimit = "LIN0005";

    /// <summary>The file is larger than the configured size limit.</summary>
    public const string FileTooLarge = "LIN0006";

    /// <summary>The input is valid for PyYAML but uses a construct Lineage cannot reproduce byte for byte.</summary>
    public const string Unsupported = "LIN0007";

    /// <summary>The file cannot be read or is not valid UTF-8.</summary>
    public const string ReadError = "LIN0008";

    /// <summary>A mapping key is a list, a mapping or a set, which Python cannot hash.</summary>
    public const string UnhashableKey = "LIN0009";

    /// <summary>The value cannot be written by PyYAML's dumper either (for example an int of more than 4300 digits).</summary>
    public const string CannotDump = "LIN0010";

    /// <summary><c>circuits.yaml</c> has no <c>circuits</c> list, or an entry of it is not a mapping.</summary>
    public const string InvalidCircuitCatalog = "LIN0100";

    /// <summary>A circuit lacks <c>plant_id</c> or <c>circuit_id</c>.</summary>
    public const string MissingCircuitId = "LIN0101";

    /// <summary>Two circuits have the same <c>plant_id</c> and <c>circuit_id</c> (and so the same output file).</summary>
    public const string DuplicateCircuitId = "LIN0102";

    /// <summary>A <c>plant_id</c> or <c>circuit_id</c> cannot be used in a file name.</summary>
    public const string UnsafeCircuitId = "LIN0103";

    /// <summary>An output file cannot be written.</summary>
    public const string WriteError = "LIN0104";

    /// <summary><c>SOURCE_DATE_EPOCH</c> is set but is not a whole number of seconds in the supported range.</summary>
    public const string InvalidSourceDateEpoch = "LIN0105";

    /// <summary>A config, or a section the study/trial key reads with <c>.get</c>, is not a mapping (Python: <c>AttributeError</c>).</summary>
    public const string StudyConfigNotAMapping = "LIN0200";

    /// <summary>A value or key canonical JSON cannot write: a date, a set, bytes (Python: <c>TypeError</c>).</summary>
    public const string NotJsonSerializable = "LIN0201";

    /// <summary>Mapping keys of types Python cannot order, such as a string and a number (Python: <c>TypeError</c> when sorting).</summary>
    public const string UnsortableKeys = "LIN0202";

    /// <summary>A mapping or list contains itself (Python's JSON encoder: <c>ValueError: Circular reference detected</c>).</summary>
    public const string CircularReference = "LIN0203";

    /// <summary>An integer of more than 4300 decimal digits has to be written as text (Python: <c>ValueError</c>).</summary>
    public const string IntegerTooLong = "LIN0204";

    /// <summary>Text to hash holds a lone UTF-16 surrogate, which strict UTF-8 cannot encode (Python: <c>UnicodeEncodeError</c>).</summary>
    public const string NotUtf8Encodable = "LIN0205";

    /// <summary>A Lineage MSBuild property or item metadata has a value that cannot be used.</summary>
    public const string InvalidBuildSetting = "LIN0300";

    /// <summary>A <c>LineageStudy</c> item lacks a config or the backbone, or two items share a name.</summary>
    public const string InvalidStudyItem = "LIN0301";

    /// <summary>A model name cannot be used in the registry (unsafe characters, too long, a reserved name).</summary>
    public const string InvalidModelName = "LIN0400";

    /// <summary>A version is not a registry version (<c>v7</c>, <c>7</c> or <c>name_v7</c>) or does not exist.</summary>
    public const string InvalidVersion = "LIN0401";

    /// <summary>A tag key or value cannot be stored (unsafe characters, too long, a reserved key set by hand).</summary>
    public const string InvalidTag = "LIN0402";

    /// <summary>A registry path would leave the registry directory (a symlink, an absolute or <c>..</c> path).</summary>
    public const string PathEscapesRegistry = "LIN0403";

    /// <summary>The model or version asked for is not in the registry.</summary>
    public const string NotInRegistry = "LIN0404";

    /// <summary>Promotion refused: the quality gate failed and <c>--allow-gate-fail</c> was not given.</summary>
    public const string GateFailed = "LIN0405";

    /// <summary>A thresholds, metrics or gate report file is missing or not valid.</summary>
    public const string InvalidGateInput = "LIN0406";

    /// <summary>The registry lock could not be taken in time (another promoter holds it).</summary>
    public const string RegistryBusy = "LIN0407";

    /// <summary>The registry holds something invalid: unreadable metadata, a pointer to a missing version, a bad index.</summary>
    public const string RegistryCorrupt = "LIN0408";

    /// <summary>The model file is missing, unreadable, or its checksum or size differs from the registered one.</summary>
    public const string ModelFileMismatch = "LIN0409";

    /// <summary>The lineage manifest is missing or not a manifest this version can read.</summary>
    public const string InvalidManifest = "LIN0410";

    /// <summary>No registry directory was given (neither an option nor <c>LINEAGE_REGISTRY</c>) or it cannot be used.</summary>
    public const string NoRegistry = "LIN0411";

    /// <summary>Two circuits (model names) share one config hash: a collision, or a copied config.</summary>
    public const string DuplicateConfigHash = "LIN0412";

    /// <summary>Release resolution with <c>--require-all</c>: some circuits have no model for their current config.</summary>
    public const string MissingModels = "LIN0413";

    /// <summary>A rollback has no version to go to (no <c>latest</c>, or no version before it).</summary>
    public const string NothingToRollBack = "LIN0414";

    /// <summary>An artifact or pipeline config cannot be copied into a version folder (missing, too large, a bad name).</summary>
    public const string InvalidArtifact = "LIN0415";

    /// <summary>The retraining policy file is malformed or has a value out of range.</summary>
    public const string InvalidRetrainPolicy = "LIN0520";

    /// <summary>A retraining job cannot move to the requested status from the one it is in.</summary>
    public const string InvalidJobTransition = "LIN0521";

    /// <summary>No retraining job has the given id.</summary>
    public const string JobNotFound = "LIN0522";

    /// <summary>A retraining job file cannot be read.</summary>
    public const string JobStoreCorrupt = "LIN0523";

    /// <summary>A model already has a retraining job that has not finished.</summary>
    public const string JobAlreadyActive = "LIN0524";

    /// <summary>The training command or Kubernetes Job failed, timed out or could not be started.</summary>
    public const string TrainingFailed = "LIN0525";

    /// <summary>The holdout predictions file cannot be used for validation.</summary>
    public const string InvalidPredictions = "LIN0526";

    /// <summary>The retrained model is below the accuracy floor on the holdout set.</summary>
    public const string ValidationFailed = "LIN0527";

    /// <summary>The retrained model is not better than the champion by the minimum improvement.</summary>
    public const string DeploymentRefused = "LIN0528";

    /// <summary>A metrics source location or its options cannot be used: an unknown scheme or file type, a bad URL, an expression template whose placeholders cannot be filled.</summary>
    public const string InvalidMetricsSource = "LIN0560";

    /// <summary>Prometheus refused or failed a query (<c>status: error</c>, a non-2xx answer): bad PromQL, a timeout on its side, a proxy error.</summary>
    public const string MetricsQueryFailed = "LIN0561";

    /// <summary>The metrics server could not be reached (connection refused, DNS, TLS) or did not answer in time.</summary>
    public const string MetricsSourceUnreachable = "LIN0562";

    /// <summary>The metrics server answered something that is not a Prometheus API response (not JSON, an unexpected result type or value).</summary>
    public const string InvalidMetricsResponse = "LIN0563";

    /// <summary>A query returned several series where one was expected; the expression has to select or aggregate to one.</summary>
    public const string AmbiguousMetricSeries = "LIN0564";

    /// <summary>A JSON or CSV metrics file is missing, unreadable or has a bad row (reported with its line).</summary>
    public const string InvalidMetricsFile = "LIN0565";

    /// <summary>A notification setting cannot be used (a webhook URL that is not an absolute http(s) URL, a negative timeout).</summary>
    public const string InvalidNotifierSettings = "LIN0566";

    /// <summary>A notification could not be delivered (reported as a warning, never thrown).</summary>
    public const string NotificationNotDelivered = "LIN0567";

    /// <summary>A job-metrics export cannot be done as asked: a textfile name not ending in <c>.prom</c>, an empty Pushgateway job name, a bad URL, a write failure.</summary>
    public const string InvalidMetricsExport = "LIN0568";

    /// <summary>The Pushgateway could not be reached or answered a push with a non-2xx status.</summary>
    public const string PushgatewayFailed = "LIN0569";
    /// <summary>The kubeconfig is missing, unreadable or invalid, names an unknown context, or the in-cluster service account files are missing.</summary>
    public const string KubeconfigInvalid = "LIN0540";

    /// <summary>A Kubernetes runner option or training request is invalid (no image, an invalid namespace, a bad resource quantity, no job id or model).</summary>
    public const string KubernetesRunnerOptionsInvalid = "LIN0541";

    /// <summary>The Kubernetes API server cannot be reached (connection refused, DNS, TLS or a request timeout).</summary>
    public const string KubernetesUnreachable = "LIN0542";

    /// <summary>The Kubernetes API server refused the credentials (HTTP 401).</summary>
    public const string KubernetesUnauthorized = "LIN0543";

    /// <summary>The Kubernetes user may not do what the runner asked (HTTP 403): RBAC lacks a verb on jobs.</summary>
    public const string KubernetesForbidden = "LIN0544";

    /// <summary>The runner's Kubernetes namespace does not exist.</summary>
    public const string KubernetesNamespaceNotFound = "LIN0545";

    /// <summary>A Kubernetes Job with the job's name exists but belongs to another job id (or was not made by Lineage).</summary>
    public const string KubernetesJobConflict = "LIN0546";

    /// <summary>No Kubernetes Job exists for the job id in the runner's namespace (never submitted, deleted, or removed by its TTL).</summary>
    public const string KubernetesJobNotFound = "LIN0547";

    /// <summary>The Kubernetes API server rejected a request for another reason (an invalid Job, a server error).</summary>
    public const string KubernetesApiError = "LIN0548";
    /// <summary>A drift CSV file cannot be read: a row with a different number of fields than the header, an unclosed quote, a missing or duplicate header.</summary>
    public const string InvalidDriftCsv = "LIN0500";

    /// <summary>A feature named for the drift check is not a column of the reference or the current file.</summary>
    public const string DriftFeatureNotFound = "LIN0501";

    /// <summary>A feature named for the drift check has a cell that is not a finite number.</summary>
    public const string DriftFeatureNotNumeric = "LIN0502";

    /// <summary>A sample given to a drift statistic, or a feature named for the drift check, has no values.</summary>
    public const string EmptyDriftSample = "LIN0503";

    /// <summary>A drift option is out of range: bins below 2, a PSI threshold that is not positive, an alpha outside (0, 1).</summary>
    public const string InvalidDriftOption = "LIN0504";
}
