import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { TemplateDefinition } from '../../src/runtime/define-template.ts';
import { formSchema } from './form-schema.ts';
import { uiSchemaFor } from './form-ui.ts';
import { checkProps } from './zod-errors.ts';

export interface PropsEditorProps {
  template: TemplateDefinition;
  props: Record<string, unknown>;
  onChange(props: Record<string, unknown>): void;
}

/**
 * The props form, generated from the template's JSON Schema (zod's own), with zod's messages
 * inline at each field; a JSON view for pasting whole props; reset to the defaults.
 */
export const PropsEditor = memo(function PropsEditor({ template, props, onChange }: PropsEditorProps) {
  const schema = useMemo(() => formSchema(template.schema), [template]);
  const uiSchema = useMemo(() => ({ ...uiSchemaFor(schema, props), 'ui:submitButtonOptions': { norender: true } }), [schema, props]);
  const check = useMemo(() => checkProps(template, props), [template, props]);
  const [view, setView] = useState<'form' | 'json'>('form');

  return (
    <section className="props-editor" aria-label="Props">
      <header>
        <h2>Props</h2>
        <div className="tabs">
          <button type="button" className={view === 'form' ? 'active' : ''} onClick={() => setView('form')}>Form</button>
          <button type="button" className={view === 'json' ? 'active' : ''} onClick={() => setView('json')}>JSON</button>
          <button type="button" onClick={() => onChange({ ...(template.defaultProps as Record<string, unknown>) })} title="Reset every prop to the template's defaults">
            Reset
          </button>
        </div>
      </header>
      {check.messages.length > 0 && (
        <p className="props-invalid" role="alert">
          Invalid props: the preview keeps the last valid ones.
        </p>
      )}
      {view === 'form' ? (
        <Form
          schema={schema as RJSFSchema}
          uiSchema={uiSchema}
          formData={props}
          validator={validator}
          noValidate
          showErrorList={false}
          extraErrors={check.errorSchema}
          onChange={(e) => onChange((e.formData ?? {}) as Record<string, unknown>)}
        />
      ) : (
        <JsonView props={props} onChange={onChange} issues={check.messages} />
      )}
    </section>
  );
});

function JsonView({ props, onChange, issues }: { props: Record<string, unknown>; onChange(p: Record<string, unknown>): void; issues: string[] }) {
  const [text, setText] = useState(() => JSON.stringify(props, null, 2));
  const [parseError, setParseError] = useState<string | undefined>();
  const area = useRef<HTMLTextAreaElement>(null);
  // Follow changes made elsewhere (reset, the form), not the author's own typing. The text is
  // then valid JSON again, so an earlier parse error no longer applies.
  useEffect(() => {
    if (document.activeElement === area.current) return;
    setText(JSON.stringify(props, null, 2));
    setParseError(undefined);
  }, [props]);
  return (
    <div className="json-view">
      <textarea
        ref={area}
        aria-label="Props as JSON"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          try {
            const parsed: unknown = JSON.parse(next);
            if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('props must be a JSON object');
            setParseError(undefined);
            onChange(parsed as Record<string, unknown>);
          } catch (error) {
            setParseError(error instanceof Error ? error.message : String(error));
          }
        }}
      />
      {parseError && <p className="field-error">JSON: {parseError}</p>}
      {issues.map((m) => (
        <p key={m} className="field-error">{m}</p>
      ))}
    </div>
  );
}
