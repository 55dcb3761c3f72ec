/**
 * Remotion-style registration: a root component returning `<Composition>` (and `<Still>`)
 * elements, grouped by `<Folder>`s. The root is read as an element tree, never mounted, so it
 * works the same in Node (the catalog) and in the page.
 */
import { Fragment, isValidElement, type ComponentType, type ReactElement, type ReactNode } from 'react';
import { z } from 'zod';
import { checkedTemplate, COMPOSITION_ID, type PropsSchema, type TemplateConfig, type TemplateDefinition } from './define-template.ts';

type AnyProps = Record<string, unknown>;

export interface CompositionProps<S extends PropsSchema = PropsSchema> {
  id: string;
  component: ComponentType<z.output<S>> | ComponentType<never>;
  /** zod object schema of the props. Without one, any props are accepted as given. */
  schema?: S;
  defaultProps?: z.input<S>;
  /** May be left out when `calculateMetadata` returns it (for the default props too). */
  width?: number;
  height?: number;
  fps?: number;
  durationInFrames?: number;
  calculateMetadata?: TemplateConfig<S>['calculateMetadata'];
  /** Keep the page background transparent. @defaultValue false */
  transparent?: boolean;
  description?: string;
}

export type StillProps<S extends PropsSchema = PropsSchema> = Omit<CompositionProps<S>, 'fps' | 'durationInFrames'> & {
  /** @defaultValue 1 */
  fps?: number;
  /** @defaultValue 1 */
  durationInFrames?: number;
};

export interface FolderProps {
  /** Letters, digits and dashes: the folder's label in the Studio. */
  name: string;
  children?: ReactNode;
}

/** Declares a template inside a root passed to `registerRoot()`. Draws nothing itself. */
export function Composition<S extends PropsSchema>(_props: CompositionProps<S>): null {
  return null;
}

/** A one-frame template (an image): a `<Composition>` whose fps and duration default to 1. */
export function Still<S extends PropsSchema>(_props: StillProps<S>): null {
  return null;
}

/** Groups the compositions inside it in the Studio; folders nest. */
export function Folder({ children }: FolderProps): ReactElement {
  return <>{children}</>;
}

const FOLDER_NAME = /^[A-Za-z0-9-]+$/;
const anyProps = z.looseObject({});

function nameOf(type: unknown): string {
  if (typeof type === 'string') return type;
  const t = type as { displayName?: string; name?: string } | undefined;
  return t?.displayName ?? t?.name ?? 'anonymous';
}

function toTemplate(props: CompositionProps & { lazyComponent?: unknown }, folder: string[], still: boolean): TemplateDefinition {
  const id = String(props.id);
  if (!COMPOSITION_ID.test(id)) {
    throw new TypeError(`<Composition id="${id}">: an id is 1–64 letters, digits and dashes`);
  }
  if (props.lazyComponent !== undefined || typeof props.component !== 'function' && typeof props.component !== 'object') {
    throw new TypeError(`<Composition id="${id}"> needs a "component" (lazyComponent is not supported: import the component)`);
  }
  // A <Still> is one frame at 1 fps unless told otherwise; other settings may come from calculateMetadata.
  const given = { ...(still ? { fps: 1, durationInFrames: 1 } : {}), ...definedSettings(props) };
  const deferred = SETTINGS.filter((key) => given[key] === undefined);
  if (deferred.length && !props.calculateMetadata) {
    throw new TypeError(`<Composition id="${id}"> needs ${deferred.map((k) => `"${k}"`).join(', ')} (or a calculateMetadata that returns them)`);
  }
  const config: TemplateConfig<PropsSchema> = {
    id,
    component: props.component as ComponentType<AnyProps>,
    schema: props.schema ?? anyProps,
    defaultProps: (props.defaultProps ?? {}) as AnyProps,
    width: given.width ?? 1,
    height: given.height ?? 1,
    fps: given.fps ?? 1,
    durationInFrames: given.durationInFrames ?? 1,
    ...(props.calculateMetadata ? { calculateMetadata: props.calculateMetadata } : {}),
    ...(props.transparent !== undefined ? { transparent: props.transparent } : {}),
    ...(props.description ? { description: props.description } : {}),
    ...(folder.length ? { folder: folder.join('/') } : {}),
  };
  const template = checkedTemplate(config);
  return deferred.length ? { ...template, deferredSettings: deferred } : template;
}

const SETTINGS = ['width', 'height', 'fps', 'durationInFrames'] as const;

function definedSettings(props: CompositionProps): Partial<Record<(typeof SETTINGS)[number], number>> {
  const out: Partial<Record<(typeof SETTINGS)[number], number>> = {};
  for (const key of SETTINGS) if (props[key] !== undefined) out[key] = props[key];
  return out;
}

function walk(node: ReactNode, folder: string[], out: TemplateDefinition[], depth: number): void {
  if (depth > 50) throw new TypeError('registerRoot(): the root nests components more than 50 deep');
  if (node === null || node === undefined || typeof node === 'boolean' || typeof node === 'string' || typeof node === 'number') return;
  if (Array.isArray(node)) {
    for (const child of node) walk(child as ReactNode, folder, out, depth);
    return;
  }
  if (!isValidElement<Record<string, unknown>>(node)) return;
  const { type, props } = node;
  if (type === Fragment) return walk(props.children as ReactNode, folder, out, depth + 1);
  if (type === Folder) {
    const name = String(props.name);
    if (!FOLDER_NAME.test(name)) throw new TypeError(`<Folder name="${name}">: a folder name is letters, digits and dashes`);
    return walk(props.children as ReactNode, [...folder, name], out, depth + 1);
  }
  if (type === Composition) return void out.push(toTemplate(props as unknown as CompositionProps, folder, false));
  if (type === Still) return void out.push(toTemplate(props as unknown as CompositionProps, folder, true));
  // A plain function component that groups compositions (`<Marketing />`): read what it returns.
  if (typeof type === 'function' && !(type.prototype && 'render' in type.prototype)) {
    return walk((type as (p: unknown) => ReactNode)(props), folder, out, depth + 1);
  }
  throw new TypeError(`registerRoot(): the root may hold <Composition>, <Still>, <Folder>, fragments and components returning those; found <${nameOf(type)}>`);
}

/** The templates a Remotion-style root declares, in order, each with its folder path. */
export function collectCompositions(Root: ComponentType): TemplateDefinition[] {
  const out: TemplateDefinition[] = [];
  walk(<Root />, [], out, 0);
  return out;
}
