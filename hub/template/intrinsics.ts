import { TemplateError } from '../hub-error.ts';

/** What a created local resource answers to `Ref` and `Fn::GetAtt`. */
export interface ResourceValues {
  ref: string;
  attributes: Readonly<Record<string, string>>;
}

export interface IntrinsicContext {
  region: string;
  accountId: string;
  stackName: string;
  partition?: string;
  /** Logical id → values of the resources created so far. */
  resources: ReadonlyMap<string, ResourceValues>;
}

/** Marker for `Ref: AWS::NoValue`: the property is dropped, as CloudFormation does. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select` and `Fn::Split` against the local
 * resources, recursively. Anything else that looks like an intrinsic is an error that names it, so a
 * template the hub cannot honour fails loudly instead of handing a function a half-resolved value.
 */
export function resolveIntrinsics(value: unknown, context: IntrinsicContext): unknown {
  const resolved = resolve(value, context, '');
  return resolved === NO_VALUE ? undefined : resolved;
}

/** Resolves a value that must end up a string (an environment variable, a queue attribute). */
export function resolveString(value: unknown, context: IntrinsicContext, where: string): string {
  const resolved = resolveIntrinsics(value, context);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new TemplateError(`${where}: expected a string, got ${JSON.stringify(resolved)}`);
}

function resolve(value: unknown, context: IntrinsicContext, path: string): unknown {
  if (Array.isArray(value)) {
    return value
      .map((item, i) => resolve(item, context, `${path}[${i}]`))
      .filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [only] = entries;
  if (entries.length === 1 && only && (only[0] === 'Ref' || only[0].startsWith('Fn::'))) {
    return intrinsic(only[0], only[1], context, path);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolved = resolve(item, context, path ? `${path}.${key}` : key);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function intrinsic(name: string, argument: unknown, context: IntrinsicContext, path: string): unknown {
  const where = path || 'value';
  switch (name) {
    case 'Ref':
      return ref(String(argument), context, where);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(argument)
        ? argument.map((part) => String(resolve(part, context, path)))
        : splitOnce(String(argument));
      return getAtt(logicalId ?? '', attribute ?? '', context, where);
    }
    case 'Fn::Join': {
      const [separator, items] = expectArray(argument, 2, name, where);
      const list = resolve(items, context, path);
      if (!Array.isArray(list))
        throw new TemplateError(`${where}: Fn::Join needs a list, got ${JSON.stringify(list)}`);
      return list.map((item) => scalar(item, name, where)).join(String(separator));
    }
    case 'Fn::Sub':
      return substitute(argument, context, where);
    case 'Fn::Select': {
      const [index, items] = expectArray(argument, 2, name, where);
      const list = resolve(items, context, path);
      const position = Number(resolve(index, context, path));
      if (!Array.isArray(list) || !Number.isInteger(position) || position < 0 || position >= list.length) {
        throw new TemplateError(`${where}: Fn::Select index ${position} is outside ${JSON.stringify(list)}`);
      }
      return list[position];
    }
    case 'Fn::Split': {
      const [separator, source] = expectArray(argument, 2, name, where);
      return scalar(resolve(source, context, path), name, where).split(String(separator));
    }
    default:
      throw new TemplateError(`${where}: intrinsic function ${name} is not supported by the local hub`);
  }
}

function ref(name: string, context: IntrinsicContext, where: string): unknown {
  switch (name) {
    case 'AWS::Region':
      return context.region;
    case 'AWS::AccountId':
      return context.accountId;
    case 'AWS::Partition':
      return context.partition ?? 'aws';
    case 'AWS::StackName':
      return context.stackName;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NoValue':
      return NO_VALUE;
  }
  const resource = context.resources.get(name);
  if (!resource) throw new TemplateError(`${where}: Ref to ${name}, which the local hub did not create`);
  return resource.ref;
}

function getAtt(logicalId: string, attribute: string, context: IntrinsicContext, where: string): string {
  const resource = context.resources.get(logicalId);
  if (!resource) {
    throw new TemplateError(
      `${where}: Fn::GetAtt ${logicalId}.${attribute}: ${logicalId} was not created locally`,
    );
  }
  const value = resource.attributes[attribute];
  if (value === undefined) {
    throw new TemplateError(
      `${where}: Fn::GetAtt ${logicalId}.${attribute}: the local resource has only ${Object.keys(resource.attributes).join(', ') || 'no attributes'}`,
    );
  }
  return value;
}

function substitute(argument: unknown, context: IntrinsicContext, where: string): string {
  const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
  if (typeof template !== 'string') throw new TemplateError(`${where}: Fn::Sub needs a string template`);
  const locals = (resolve(variables ?? {}, context, where) ?? {}) as Record<string, unknown>;
  return template.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in locals) return scalar(locals[name], 'Fn::Sub', where);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::'))
      return getAtt(name.slice(0, dot), name.slice(dot + 1), context, where);
    const value = ref(name, context, where);
    if (value === NO_VALUE) return '';
    return scalar(value, 'Fn::Sub', where || whole);
  });
}

function splitOnce(text: string): [string, string] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, ''] : [text.slice(0, dot), text.slice(dot + 1)];
}

function expectArray(argument: unknown, length: number, name: string, where: string): unknown[] {
  if (!Array.isArray(argument) || argument.length !== length) {
    throw new TemplateError(`${where}: ${name} needs a list of ${length}, got ${JSON.stringify(argument)}`);
  }
  return argument;
}

function scalar(value: unknown, name: string, where: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  throw new TemplateError(`${where}: ${name} cannot use ${JSON.stringify(value)} as text`);
}
