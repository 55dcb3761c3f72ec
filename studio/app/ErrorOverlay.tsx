import type { StudioProblem } from './template-source.ts';

/** The template's error with `file:line` and the source lines around it; it goes when the file is fixed. */
export function ErrorOverlay({ problems }: { problems: StudioProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="error-overlay" role="alert" data-testid="error-overlay">
      {problems.map((p, i) => (
        <article key={i}>
          <h2>{p.kind === 'build' ? 'Build failed' : 'The template threw'}</h2>
          {p.location && (
            <p className="error-location" data-testid="error-location">
              {p.location.file}:{p.location.line}:{p.location.column}
            </p>
          )}
          <pre className="error-message">{p.message}</pre>
          {p.location && p.location.lines.length > 0 && (
            <pre className="error-source">
              {p.location.lines.map((l) => (
                <div key={l.number} className={l.number === p.location!.line ? 'error-line current' : 'error-line'}>
                  <span className="line-number">{String(l.number).padStart(4)}</span> {l.text}
                </div>
              ))}
            </pre>
          )}
          {p.stack && <details><summary>Stack</summary><pre>{p.stack}</pre></details>}
        </article>
      ))}
    </div>
  );
}
