import { Option, type Command } from 'commander';
import { renderOptions, type RenderOptionName, type RenderOptionsInput } from '../render/options/registry.ts';

/** Adds one flag per registry option that declares one: the CLI never lists options by hand. */
export function addRenderOptionFlags(command: Command, only?: readonly RenderOptionName[]): Command {
  for (const [name, spec] of Object.entries(renderOptions)) {
    if (!spec.flag || (only && !only.includes(name as RenderOptionName))) continue;
    const option = new Option(spec.flag, spec.flagHelp ?? spec.help);
    // Enums list their values as choices (a union also has `options`, but of schemas).
    const choices = 'options' in spec.schema && Array.isArray(spec.schema.options) ? (spec.schema.options as unknown[]) : [];
    if (choices.length > 0 && choices.every((c) => typeof c === 'string')) option.choices(choices as string[]);
    command.addOption(option);
  }
  return command;
}

/** Turns parsed flag text into option values; validation happens once, in resolveRenderOptions. */
export function renderOptionsFromFlags(flags: Record<string, unknown>): RenderOptionsInput {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(renderOptions)) {
    // Commander names a value after its flag (`--timeout` → timeout), not after the option.
    const value = spec.flag ? flags[new Option(spec.flag).attributeName()] : undefined;
    if (value === undefined) continue;
    out[name] = 'parseFlag' in spec && spec.parseFlag && typeof value === 'string' ? spec.parseFlag(value) : value;
  }
  return out as RenderOptionsInput;
}
