/**
 * The files `framewright init` writes: a video project of one's own that depends on the
 * framewright package. Versions of react, zod and the type packages are the ones this
 * framewright was built with, so npm installs one copy of each (two Reacts would break hooks).
 */

export interface ProjectFileOptions {
  /** The npm package name of the new project. */
  name: string;
  /** What package.json depends on for framewright (a semver range, a tarball path, …). */
  framewrightSpec: string;
  /** Versions of framewright's own dependencies, by package name. */
  versions: Record<string, string>;
}

function version(options: ProjectFileOptions, name: string): string {
  const v = options.versions[name];
  if (!v) throw new Error(`framewright's package.json does not list ${name}`);
  return v;
}

export function projectFiles(options: ProjectFileOptions): Record<string, string> {
  const packageJson = {
    name: options.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    // swagger-ui-dist (the service's /docs) depends on @scarf/scarf, whose install script reports
    // installs to a third party: a self-hosted project opts out.
    scarfSettings: { enabled: false },
    scripts: {
      studio: 'framewright studio',
      render: 'framewright render',
      still: 'framewright still',
      serve: 'framewright serve',
      typecheck: 'tsc --noEmit',
    },
    dependencies: {
      framewright: options.framewrightSpec,
      react: version(options, 'react'),
      'react-dom': version(options, 'react-dom'),
      zod: version(options, 'zod'),
    },
    devDependencies: {
      '@types/node': version(options, '@types/node'),
      '@types/react': version(options, '@types/react'),
      '@types/react-dom': version(options, '@types/react-dom'),
      typescript: version(options, 'typescript'),
    },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      jsx: 'react-jsx',
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      types: ['node'],
    },
    include: ['src', 'framewright.config.ts'],
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'framewright.config.ts': CONFIG,
    'src/index.ts': ROOT,
    'src/HelloWorld.tsx': TEMPLATE,
    'public/.gitkeep': '',
    '.gitignore': 'node_modules/\n.framewright/\nout/\n',
    'README.md': readme(options.name),
  };
}

const CONFIG = `import { defineConfig } from 'framewright/config';

export default defineConfig({
  // The module that calls registerRoot() with every template.
  templateRoot: 'src/index.ts',
  // Files templates load with staticFile().
  publicDir: 'public',
  // Bundles, renders and the embedded Redis of \`framewright serve\` (DATA_DIR overrides).
  dataDir: '.framewright',
});
`;

const ROOT = `// The template root: every template this project renders is registered here.
import { registerRoot } from 'framewright';
import { helloWorld } from './HelloWorld.tsx';

registerRoot([helloWorld]);
`;

const TEMPLATE = `import { AbsoluteFill, defineTemplate, interpolate, spring, useCurrentFrame, useVideoConfig } from 'framewright';
import { z } from 'zod';

const schema = z.object({
  title: z.string().min(1).max(80),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #0ea5e9'),
});

function HelloWorld({ title, color }: z.output<typeof schema>) {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const scale = spring({ frame, fps, config: { damping: 200 } });
  const opacity = interpolate(frame, [0, 20], [0, 1], { extrapolateRight: 'clamp' });
  return (
    <AbsoluteFill style={{ background: color, justifyContent: 'center', alignItems: 'center' }}>
      <h1 style={{ color: 'white', fontFamily: 'sans-serif', fontSize: 96, transform: \`scale(\${scale})\`, opacity }}>{title}</h1>
    </AbsoluteFill>
  );
}

export const helloWorld = defineTemplate({
  id: 'hello-world',
  component: HelloWorld,
  schema,
  defaultProps: { title: 'Hello, world', color: '#0ea5e9' },
  width: 1280,
  height: 720,
  fps: 30,
  durationInFrames: 90,
});
`;

function readme(name: string): string {
  return `# ${name}

A video project made with [Framewright](https://www.npmjs.com/package/framewright).

\`\`\`sh
npm install
npx framewright studio                                    # preview and edit props in the browser
npx framewright render hello-world out/hello.mp4 --props '{"title":"Hi"}'
npx framewright still hello-world out/hello.png --frame 45
npx framewright serve                                     # the HTTP API, queue and workers
\`\`\`

Templates live in \`src/\` and are registered in \`src/index.ts\`; files for \`staticFile()\` go in
\`public/\`. Rendering needs Chromium (\`chromium-headless-shell\`) and FFmpeg installed on the machine.
`;
}
