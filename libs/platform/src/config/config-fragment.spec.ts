import { describe, expect, it } from 'vitest';
import { composeConfig, ConfigError, loadConfig } from './config-fragment.ts';
import { databaseFragment, httpFragment, kafkaFragment, serviceFragment, telemetryFragment } from './config-fragments.ts';

const schema = composeConfig(
  serviceFragment('routing'),
  kafkaFragment,
  databaseFragment('routing'),
  httpFragment(3003),
  telemetryFragment,
);

const validEnv = {
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094',
  DATABASE_URL: 'postgresql://parley:secret@127.0.0.1:5432/parley',
};

describe('composeConfig', () => {
  it('builds a typed tree with defaults', () => {
    const config = loadConfig('routing', schema, validEnv);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9094']);
    expect(config.database).toEqual({ url: validEnv.DATABASE_URL, schema: 'routing', poolMax: 10 });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3003 });
    expect(config.service.name).toBe('routing');
    expect(config.telemetry.exporter).toBe('none');
    expect(config.kafka.sasl).toBeUndefined();
  });

  it('names every missing or invalid variable at once', () => {
    const attempt = () => loadConfig('routing', schema, { HTTP_PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^KAFKA_BROKERS is not set/m);
      expect(problems).toMatch(/^DATABASE_URL is not set/m);
      expect(problems).toMatch(/^HTTP_PORT is invalid/m);
      expect(problems).toMatch(/^LOG_LEVEL is invalid/m);
    }
  });

  it('rejects brokers that are not host:port', () => {
    const result = schema.parse({ ...validEnv, KAFKA_BROKERS: 'kafka' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/^KAFKA_BROKERS is invalid: expected host:port/);
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig('routing', schema, { ...validEnv, HTTP_PORT: '' });
    expect(config.http.port).toBe(3003);
  });

  it('derives the traces endpoint from the OTLP base endpoint', () => {
    const config = loadConfig('routing', schema, {
      ...validEnv,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
    });
    expect(config.telemetry.tracesEndpoint).toBe('http://collector:4318/v1/traces');
  });

  it('refuses two fragments that claim the same variable', () => {
    expect(() => composeConfig(httpFragment(1), httpFragment(2))).toThrow(/HTTP_HOST is declared by two fragments/);
  });
});
