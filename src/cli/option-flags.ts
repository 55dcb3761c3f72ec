import { Option, type Command } from 'commander';
import { renderOptions, type RenderOptionName, type RenderOptionsInput } from '../render/options/registry.ts';

/** Adds one flag per registry option that declares one: the CLI never lists options by hand. */
export function addRenderOptionFlags(command: Command, only?: readonly RenderOptionName[]): Command {
  for (const [name, spec] of Object.entries(renderOptions)) {
    if (!spec.flag || (only && !only.includes(name as RenderOptionName))) continue;
    const option = new Option(spec.flag, spec.help);
    if ('options' in spec.schema && Array.isArray(spec.schema.options)) option.choices(spec.schema.options as string[]);
    command.addOption(option);
  }
  return command;
}

/** Turns parsed flag text into option values; validation happens once, in resolveRenderOptions. */
export function renderOptionsFromFlags(flags: Record<string, unknown>): RenderOptionsInput {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(renderOptions)) {
    const value = flags[name];
    if (value === undefined) continue;
    out[name] = 'parseFlag' in spec && spec.parseFlag && typeof value === 'string' ? spec.parseFlag(value) : value;
  }
  return out as RenderOptionsInput;
}
