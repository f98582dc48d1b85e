import { strict as assert } from 'node:assert';
import { corsFindings, summary } from './helpers';

describe('cors pattern rules and text detectors', () => {
  it('C#: SetIsOriginAllowed(_ => true) is an error only with AllowCredentials() in the same policy', async () => {
    const text = [
      'services.AddCors(o => {',
      '  o.AddPolicy("a", p => p.SetIsOriginAllowed(_ => true).AllowCredentials());',
      '  o.AddPolicy("b", p => p.AllowCredentials().SetIsOriginAllowed(origin => true));',
      '  o.AddPolicy("c", p => p.SetIsOriginAllowed(_ => true).AllowAnyHeader());',
      '});',
    ].join('\n');
    assert.deepEqual(summary(await corsFindings('Startup.cs', text)), [
      '2: cors/reflected-origin error',
      '3: cors/reflected-origin error',
      '4: cors/reflected-origin warning',
    ]);
  });

  it("Laravel: 'allowed_origins' => ['*'] is an error with 'supports_credentials' => true, before or after", async () => {
    const after = "<?php\nreturn [\n    'allowed_origins' => ['*'],\n    'supports_credentials' => true,\n];\n";
    const before = "<?php\nreturn [\n    'supports_credentials' => true,\n    'allowed_origins' => ['*'],\n];\n";
    const without = "<?php\nreturn [\n    'allowed_origins' => ['*'],\n    // 'supports_credentials' => true,\n];\n";
    assert.deepEqual(summary(await corsFindings('config/cors.php', after)), ['3: cors/permissive-origin error']);
    assert.deepEqual(summary(await corsFindings('config/cors.php', before)), ['4: cors/permissive-origin error']);
    assert.deepEqual(summary(await corsFindings('config/cors.php', without)), ['3: cors/permissive-origin warning']);
  });

  it('Spring: originPatterns "*" with allowCredentials = "true" is an error', async () => {
    const text = '@CrossOrigin(originPatterns = "*", allowCredentials = "true")\nclass A {}\n@CrossOrigin(originPatterns = "*")\nclass B {}\n';
    assert.deepEqual(summary(await corsFindings('A.java', text)), ['1: cors/reflected-origin error', '3: cors/reflected-origin warning']);
  });

  it('patterns ignore commented-out configuration', async () => {
    assert.deepEqual(await corsFindings('main.go', '// w.Header().Set("Access-Control-Allow-Origin", "*")\n'), []);
    assert.deepEqual(await corsFindings('nginx.conf', '# add_header Access-Control-Allow-Origin *;\n'), []);
  });

  it('serverless `cors: true` is reported only in serverless.yml files', async () => {
    const text = 'functions:\n  list:\n    events:\n      - http:\n          path: x\n          cors: true\n';
    assert.deepEqual(summary(await corsFindings('serverless.yml', text)), ['6: cors/permissive-origin warning']);
    assert.deepEqual(summary(await corsFindings('api/serverless.prod.yaml', text)), ['6: cors/permissive-origin warning']);
    assert.deepEqual(await corsFindings('docker-compose.yml', text), []);
  });
});
