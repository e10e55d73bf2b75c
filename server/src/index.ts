export { loadConfig, ConfigError, type ServerConfig } from './config.ts';
export { startServer, type RunningServer, type DemoSignIns } from './start.ts';
