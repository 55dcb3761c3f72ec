import { defineConfig } from './src/config/project-config.ts';

export default defineConfig({
  // The module that calls registerRoot() with every template.
  templateRoot: 'src/index.ts',
  // Files templates load with staticFile().
  publicDir: 'public',
  // Bundles, renders and the embedded Redis live here (DATA_DIR overrides).
  dataDir: '.framewright',
});
