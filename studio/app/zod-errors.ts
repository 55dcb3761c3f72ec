import type { ErrorSchema } from '@rjsf/utils';
import type { TemplateDefinition } from '../../src/runtime/define-template.ts';

export interface PropsCheck {
  /** zod's messages by field, in the props form's error shape. */
  errorSchema: ErrorSchema;
  messages: string[];
}

/** Validates props with the template's own zod schema, so the form shows zod's messages, as the API would. */
export function checkProps(template: TemplateDefinition, props: Record<string, unknown>): PropsCheck {
  const result = template.schema.safeParse(props);
  if (result.success) return { errorSchema: {}, messages: [] };
  const root: Record<string, unknown> = {};
  const messages: string[] = [];
  for (const issue of result.error.issues) {
    let node = root;
    for (const key of issue.path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    ((node.__errors ??= []) as string[]).push(issue.message);
    messages.push(`${issue.path.map(String).join('.') || '(props)'}: ${issue.message}`);
  }
  return { errorSchema: root as ErrorSchema, messages };
}
