/// Where the service runs (`APP_ENV`). Production refuses weak secrets.
public enum DeploymentEnvironment: String, Sendable, CaseIterable {
    case development, test, production
}

/// Log verbosity (`LOG_LEVEL`), mirroring swift-log's levels.
public enum LogLevelSetting: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}
