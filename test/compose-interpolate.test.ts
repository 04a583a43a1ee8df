// Cases marked [template_test.go <Test>] come from compose-spec/compose-go template/template_test.go
// (v2, the version with TestUnescaped / TestInterpolationExternalInterference /
// TestNoValueWithCurlyBracesDefault), with its mapping FOO=first, BAR="" and JSON={"json":2}.
// [variables_test] cases come from template/variables.go's ExtractVariables tests.
import { describe, expect, it } from 'vitest';
import {
  escapeInterpolation,
  goQuote,
  hasInterpolation,
  interpolate,
  interpolationErrorMessage,
  invalidInterpolationMessage,
  invalidTemplateMessage,
  isVariableName,
  requiredVariableMessage,
  substitute,
  unsetVariableWarning,
  variableUses,
  type Lookup,
  type VariableUse,
} from '../src/compose/interpolate.js';

const defaults: Record<string, string> = { FOO: 'first', BAR: '', JSON: '{"json":2}' };
const lookup: Lookup = (name) => (Object.hasOwn(defaults, name) ? defaults[name] : undefined);

function value(template: string, l: Lookup = lookup): string {
  const r = interpolate(template, l);
  if (!r.ok) throw new Error(`unexpected invalid template ${template}: ${r.error}`);
  expect(r.requiredMissing).toEqual([]);
  return r.value;
}

describe('interpolate: values (template_test.go)', () => {
  const table: [string, string, string][] = [
    // [source, template, expected]
    ['TestEscaped', '$${foo}', '${foo}'],
    ['TestSubstituteNoMatch', 'foo', 'foo'],
    ['TestUnescaped', 'a $ string', 'a $ string'],
    ['TestUnescaped', '^REGEX$', '^REGEX$'],
    ['TestUnescaped', '$}', '$}'],
    ['TestUnescaped', '$', '$'],
    ['TestNonBraced', '$FOO-bar', 'first-bar'],
    ['TestNoValueNoDefault', 'This ${missing} var', 'This  var'],
    ['TestNoValueNoDefault', 'This ${BAR} var', 'This  var'],
    ['TestValueNoDefault', 'This $FOO var', 'This first var'],
    ['TestValueNoDefault', 'This ${FOO} var', 'This first var'],
    ['TestNoValueWithDefault', 'ok ${missing:-def}', 'ok def'],
    ['TestNoValueWithDefault', 'ok ${missing-def}', 'ok def'],
    ['TestEmptyValueWithSoftDefault', 'ok ${BAR:-def}', 'ok def'],
    ['TestValueWithSoftDefault', 'ok ${FOO:-def}', 'ok first'],
    ['TestEmptyValueWithHardDefault', 'ok ${BAR-def}', 'ok '],
    ['TestPresentValueWithUnset', 'ok ${UNSET_VAR:+presence_value}', 'ok '],
    ['TestPresentValueWithUnset2', 'ok ${UNSET_VAR+presence_value}', 'ok '],
    ['TestPresentValueWithNonEmpty', 'ok ${FOO:+presence_value}', 'ok presence_value'],
    ['TestPresentValueAndNonEmptyWithNonEmpty', 'ok ${FOO+presence_value}', 'ok presence_value'],
    ['TestPresentValueWithSet', 'ok ${BAR+presence_value}', 'ok presence_value'],
    ['TestPresentValueAndNotEmptyWithSet', 'ok ${BAR:+presence_value}', 'ok '],
    ['TestNonAlphanumericDefault', 'ok ${BAR:-/non:-alphanumeric}', 'ok /non:-alphanumeric'],
    ['TestInterpolationExternalInterference', '-ok ${BAR:-defaultValue}', '-ok defaultValue'],
    ['TestInterpolationExternalInterference', '+ok ${UNSET:-${BAR-defaultValue}}', '+ok '],
    ['TestInterpolationExternalInterference', '-ok ${FOO:-defaultValue}', '-ok first'],
    ['TestInterpolationExternalInterference', ':-ok ${UNSET-defaultValue}', ':-ok defaultValue'],
    ['TestInterpolationExternalInterference', ':-ok ${BAR-defaultValue}', ':-ok '],
    ['TestInterpolationExternalInterference', ':?ok ${BAR-defaultValue}', ':?ok '],
    ['TestInterpolationExternalInterference', ':?ok ${BAR:-defaultValue}', ':?ok defaultValue'],
    ['TestInterpolationExternalInterference', ':+ok ${BAR:-defaultValue}', ':+ok defaultValue'],
    ['TestInterpolationExternalInterference', '+ok ${BAR-defaultValue}', '+ok '],
    ['TestInterpolationExternalInterference', '?ok ${BAR:-defaultValue}', '?ok defaultValue'],
    ['TestDefaultsWithNestedExpansion', 'ok ${UNSET_VAR-$FOO}', 'ok first'],
    ['TestDefaultsWithNestedExpansion', 'ok ${UNSET_VAR-${FOO}}', 'ok first'],
    ['TestDefaultsWithNestedExpansion', 'ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok first first'],
    ['TestDefaultsWithNestedExpansion', 'ok ${BAR:-$FOO}', 'ok first'],
    ['TestDefaultsWithNestedExpansion', 'ok ${BAR:-${FOO}}', 'ok first'],
    ['TestDefaultsWithNestedExpansion', 'ok ${BAR:-${FOO} ${FOO}}', 'ok first first'],
    ['TestDefaultsWithNestedExpansion', 'ok ${BAR+$FOO}', 'ok first'],
    ['TestDefaultsWithNestedExpansion', 'ok ${BAR+$FOO ${FOO:+second}}', 'ok first second'],
    ['TestDefaultsForMandatoryVariables', 'ok ${FOO:?err}', 'ok first'],
    ['TestDefaultsForMandatoryVariables', 'ok ${FOO?err}', 'ok first'],
    ['TestDefaultsForMandatoryVariables', 'ok ${BAR?err}', 'ok '],
    ['TestSubstituteWithReplacementFunc', 'ok ${SUBDOMAIN:-redis}.${FOO:?}', 'ok redis.first'],
    ['TestPrecedence', '${UNSET_VAR-myerror?msg}', 'myerror?msg'],
    ['TestPrecedence', '${FOO?bar-baz}', 'first'],
    ['TestPrecedence', '${BAR:-default_value_for_empty_var}', 'default_value_for_empty_var'],
    ['TestPrecedence', '${UNSET_VAR-default_value_for_unset_var}', 'default_value_for_unset_var'],
    ['TestNoValueWithCurlyBracesDefault', 'ok ${missing:-{"json":1}}', 'ok {"json":1}'],
    ['TestNoValueWithCurlyBracesDefault', 'ok ${missing-{"json":1}}', 'ok {"json":1}'],
    ['TestValueWithCurlyBracesDefault', 'ok ${JSON:-{"json":1}}', 'ok {"json":2}'],
    ['TestValueWithCurlyBracesDefault', 'ok ${JSON-{"json":1}}', 'ok {"json":2}'],
  ];
  it.each(table)('[%s] %j', (_source, template, expected) => {
    expect(value(template)).toBe(expected);
  });
});

describe('interpolate: every form against set / empty / unset', () => {
  const env: Lookup = (n) => ({ SET: 'v', EMPTY: '' })[n];
  const table: [string, string, string, string][] = [
    // [template, SET, EMPTY, UNSET]
    ['$X', 'v', '', ''],
    ['${X}', 'v', '', ''],
    ['${X:-d}', 'v', 'd', 'd'],
    ['${X-d}', 'v', '', 'd'],
    ['${X:+a}', 'a', '', ''],
    ['${X+a}', 'a', 'a', ''],
  ];
  it.each(table)('%s', (template, whenSet, whenEmpty, whenUnset) => {
    const at = (name: string) => value(template.replace('X', name), env);
    expect(at('SET')).toBe(whenSet);
    expect(at('EMPTY')).toBe(whenEmpty);
    expect(at('UNSET')).toBe(whenUnset);
  });

  it('required forms: `:?` rejects empty and unset, `?` only unset', () => {
    const req = (t: string) => {
      const r = interpolate(t, env);
      if (!r.ok) throw new Error(r.error);
      return { value: r.value, missing: r.requiredMissing.map((m) => m.message) };
    };
    expect(req('${SET:?e}')).toEqual({ value: 'v', missing: [] });
    expect(req('${EMPTY:?e}')).toEqual({ value: '', missing: ['required variable EMPTY is missing a value: e'] });
    expect(req('${UNSET:?e}')).toEqual({ value: '', missing: ['required variable UNSET is missing a value: e'] });
    expect(req('${SET?e}')).toEqual({ value: 'v', missing: [] });
    expect(req('${EMPTY?e}')).toEqual({ value: '', missing: [] });
    expect(req('${UNSET?e}')).toEqual({ value: '', missing: ['required variable UNSET is missing a value: e'] });
  });
});

describe('interpolate: missing required variables (template_test.go)', () => {
  const table: [string, string, string][] = [
    ['TestMandatoryVariableErrors', 'not ok ${UNSET_VAR:?Mandatory Variable Unset}', 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset'],
    ['TestMandatoryVariableErrors', 'not ok ${BAR:?Mandatory Variable Empty}', 'required variable BAR is missing a value: Mandatory Variable Empty'],
    ['TestMandatoryVariableErrors', 'not ok ${UNSET_VAR:?}', 'required variable UNSET_VAR is missing a value'],
    ['TestMandatoryVariableErrors', 'not ok ${UNSET_VAR?Mandatory Variable Unset}', 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset'],
    ['TestMandatoryVariableErrors', 'not ok ${UNSET_VAR?}', 'required variable UNSET_VAR is missing a value'],
    ['TestMandatoryVariableErrorsWithNestedExpansion', 'not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}', 'required variable UNSET_VAR is missing a value: Mandatory Variable first'],
    ['TestMandatoryVariableErrorsWithNestedExpansion', 'not ok ${UNSET_VAR?Mandatory Variable ${FOO}}', 'required variable UNSET_VAR is missing a value: Mandatory Variable first'],
    ['TestPrecedence', '${UNSET_VAR?bar-baz}', 'required variable UNSET_VAR is missing a value: bar-baz'],
  ];
  it.each(table)('[%s] %j', (_source, template, message) => {
    const r = interpolate(template, lookup);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.requiredMissing.map((m) => m.message)).toEqual([message]);
    expect(r.requiredMissing[0]!.name).toBe(template.includes('BAR') ? 'BAR' : 'UNSET_VAR');
  });

  it('reports the substituted reason separately', () => {
    const r = interpolate('${UNSET_VAR:?need ${FOO}}', lookup);
    expect(r.ok && r.requiredMissing).toEqual([
      { name: 'UNSET_VAR', reason: 'need first', message: 'required variable UNSET_VAR is missing a value: need first' },
    ]);
  });

  it('a failing expression yields "" and its swallowed rest is not substituted, like Substitute', () => {
    // `${A:?x} ${FOO}` is one regexp match (greedy `.*` up to the last `}`); the part after the
    // balancing brace is only substituted when the first expression succeeds.
    const r = substitute('${A:?x} ${FOO} tail', lookup);
    expect(r.value).toBe(' tail');
    expect(r.error).toEqual({ kind: 'required', name: 'A', reason: 'x', message: 'required variable A is missing a value: x' });
    // Later, separate matches are still substituted.
    expect(substitute('${A:?x}\n$FOO', lookup).value).toBe('\nfirst');
  });

  it('the operand is always substituted, even when not used', () => {
    // template.go withDefaultWhenAbsence/withRequired substitute the operand before the lookup.
    const r = interpolate('${FOO:-${UNSET?boom}}', lookup);
    expect(r.ok && r.requiredMissing.map((m) => m.message)).toEqual(['required variable UNSET is missing a value: boom']);
    const w = interpolate('${FOO:-$NOPE}', lookup);
    expect(w.ok && [w.value, w.unset]).toEqual(['first', ['NOPE']]);
  });
});

describe('interpolate: invalid templates', () => {
  const invalid: [string, string, string, number][] = [
    // [source, template, offending template reported, offset of the bad `${`]
    ['TestInvalid', '${', '${', 0],
    ['TestInvalid', '${}', '${}', 0],
    ['TestInvalid', '${ }', '${ }', 0],
    ['TestInvalid', '${ foo}', '${ foo}', 0],
    ['TestInvalid', '${foo }', '${foo }', 0],
    ['TestInvalid', '${foo!}', '${foo!}', 0],
    ['shell substitution is not supported', '${VAR/a/b}', '${VAR/a/b}', 0],
    ['name must not start with a digit', 'x ${1X}', 'x ${1X}', 2],
    ['unterminated', 'a ${VAR', 'a ${VAR', 2],
    ['`:` must be followed by - + or ?', '${VAR:x}', '${VAR:x}', 0],
    ['`.` never crosses a newline', '${A:-x\n}', '${A:-x\n}', 0],
    ['nested: Compose shows the nested template', '${A:-${}}', '${}', 5],
    ['nested, unclosed outer', '${A:-${B}', '${B', 5],
    ['after a failing required expression', '${A:?e} ${', '${A:?e} ${', 8],
    // One greedy match: Compose substitutes the text after the balancing brace on its own, so
    // the template it prints is that rest, and only when ${A} is set (else it fails on A first).
    ['in the rest of a greedy match', '${A:?e} ${}', ' ${}', 8],
  ];
  it.each(invalid)('[%s] %j', (_source, template, reported, offset) => {
    expect(interpolate(template, lookup)).toEqual({ ok: false, error: reported, offset });
    expect(variableUses(template)).toEqual({ error: reported, offset });
  });

  it('Compose message wording (interpolation.go newPathError)', () => {
    expect(invalidInterpolationMessage('services.web.image')).toBe(
      'invalid interpolation format for services.web.image.\nYou may need to escape any $ with another $.',
    );
    expect(invalidInterpolationMessage('services.web.image', '${foo!}')).toBe(
      'invalid interpolation format for services.web.image.\nYou may need to escape any $ with another $.\n${foo!}',
    );
    expect(interpolationErrorMessage('services.web.image', requiredVariableMessage('TAG', 'set it'))).toBe(
      'error while interpolating services.web.image: required variable TAG is missing a value: set it',
    );
    expect(requiredVariableMessage('TAG', '')).toBe('required variable TAG is missing a value');
    expect(unsetVariableWarning('TAG')).toBe('The "TAG" variable is not set. Defaulting to a blank string.');
    expect(invalidTemplateMessage('${')).toBe('Invalid template: "${"');
  });
});

describe('interpolate: `$` edge cases and greedy matching', () => {
  const table: [string, string][] = [
    ['$1', '$1'],
    ['cost: $5', 'cost: $5'],
    ['a$', 'a$'],
    ['$ FOO', '$ FOO'],
    ['$$', '$'],
    ['$$$', '$$'],
    ['$$$$', '$$'],
    ['$$FOO', '$FOO'],
    ['$$$FOO', '$first'],
    ['$$${FOO}', '$first'],
    ['${FOO}}', 'first}'],
    ['${A:-x}}', 'x}'],
    // getFirstBraceClosingIndex skips the character after each `{`, so the `}` of `{}` is not
    // seen: no cut, the default is `{`.
    ['${A:-{}', '{'],
    ['${A:-}}', '}'],
    ['${A:-x} and ${FOO}', 'x and first'],
    ['${FOO}\n${BAR:-x}', 'first\nx'],
    ['${A:-${B:-${FOO}}}', 'first'],
    ['${A:-${B:-x}}', 'x'],
    ['${FOO:+${A:-alt}}!', 'alt!'],
    ['$FOObar', ''],
    ['${FOO}bar', 'firstbar'],
    ['$FOO.bar', 'first.bar'],
    ['$_', ''],
    ['$FOO$FOO', 'firstfirst'],
    ['\u00e9$FOO\u00e9', '\u00e9first\u00e9'],
  ];
  it.each(table)('%j', (template, expected) => {
    expect(value(template)).toBe(expected);
  });

  it('names are ASCII, plus what Go (?i) folding adds (U+212A KELVIN SIGN, U+017F LONG S)', () => {
    expect(value('$\u212A', (n) => (n === '\u212A' ? 'kelvin' : undefined))).toBe('kelvin');
    expect(value('$\u00e9t\u00e9')).toBe('$\u00e9t\u00e9');
    expect(isVariableName('_A1')).toBe(true);
    expect(isVariableName('1A')).toBe(false);
    expect(isVariableName('A-B')).toBe(false);
  });

  it('escapeInterpolation round-trips through interpolate', () => {
    for (const s of ['a$b', '$$', '${X}', 'price $5 ${}', '$']) {
      expect(value(escapeInterpolation(s))).toBe(s);
    }
    expect(escapeInterpolation('a$b')).toBe('a$$b');
  });

  it('hasInterpolation', () => {
    expect(hasInterpolation('plain')).toBe(false);
    expect(hasInterpolation('$5')).toBe(false);
    expect(hasInterpolation('$$')).toBe(true);
    expect(hasInterpolation('${')).toBe(true);
    expect(hasInterpolation('x$FOO')).toBe(true);
  });
});

describe('interpolate: unset warnings', () => {
  it('lists plain uses of unset variables once, in order; empty is not unset', () => {
    const r = interpolate('$B ${A} $B ${BAR} ${C:-d} ${D-d} ${E:+x} ${F+x} $FOO', lookup);
    expect(r.ok && r.unset).toEqual(['B', 'A']);
  });
  it('includes unset variables inside defaults (compose-go substitutes operands eagerly)', () => {
    const r = interpolate('${MISSING:-$OTHER}', lookup);
    expect(r.ok && r.unset).toEqual(['OTHER']);
  });
});

describe('variableUses: offsets and forms', () => {
  const use = (u: Partial<VariableUse> & Pick<VariableUse, 'name' | 'start' | 'end' | 'form'>): VariableUse => ({
    hasDefault: u.form === ':-' || u.form === '-',
    required: u.form === ':?' || u.form === '?',
    depth: 0,
    ...u,
  });

  it('nested defaults, plain and braced uses', () => {
    const t = 'pre ${A:-${B:-x}} $C post';
    expect(variableUses(t)).toEqual([
      use({ name: 'A', start: 4, end: 17, form: ':-', operand: '${B:-x}', operandStart: 9, operandEnd: 16 }),
      use({ name: 'B', start: 9, end: 16, form: ':-', operand: 'x', operandStart: 14, operandEnd: 15, depth: 1 }),
      use({ name: 'C', start: 18, end: 20, form: '$VAR' }),
    ]);
    const uses = variableUses(t) as VariableUse[];
    expect(uses.map((u) => t.slice(u.start, u.end))).toEqual(['${A:-${B:-x}}', '${B:-x}', '$C']);
  });

  it('every operator form', () => {
    const t = '${A} ${B:-d} ${C-d} ${D:?e} ${E?e} ${F:+r} ${G+r} $H $$I';
    const uses = variableUses(t) as VariableUse[];
    expect(uses.map((u) => [u.name, u.form, u.hasDefault, u.required, u.operand])).toEqual([
      ['A', '${VAR}', false, false, undefined],
      ['B', ':-', true, false, 'd'],
      ['C', '-', true, false, 'd'],
      ['D', ':?', false, true, 'e'],
      ['E', '?', false, true, 'e'],
      ['F', ':+', false, false, 'r'],
      ['G', '+', false, false, 'r'],
      ['H', '$VAR', false, false, undefined],
    ]);
    for (const u of uses) expect(t.slice(u.start, u.end)).toMatch(/^\$\{?[A-H]/);
  });

  it('expressions swallowed by a greedy match keep their own offsets', () => {
    const t = '${A:-x} and ${B} and ${C:-{"k":1}}';
    const uses = variableUses(t) as VariableUse[];
    expect(uses.map((u) => [u.name, t.slice(u.start, u.end)])).toEqual([
      ['A', '${A:-x}'],
      ['B', '${B}'],
      ['C', '${C:-{"k":1}}'],
    ]);
    expect(uses[2]!.operand).toBe('{"k":1}');
  });

  it('operand offsets point at the raw operand', () => {
    const t = 'x: ${TAG:?set TAG in .env}';
    const [u] = variableUses(t) as VariableUse[];
    expect(t.slice(u!.operandStart, u!.operandEnd)).toBe('set TAG in .env');
  });

  // [variables_test] ExtractVariables cases.
  it.each([
    ['$bar', 'bar', '$VAR', undefined],
    ['${bar}', 'bar', '${VAR}', undefined],
    ['${bar?:foo}', 'bar', '?', ':foo'],
    ['${bar?foo}', 'bar', '?', 'foo'],
    ['${bar:-foo}', 'bar', ':-', 'foo'],
    ['${bar-foo}', 'bar', '-', 'foo'],
  ])('[variables_test] %s', (t, name, form, operand) => {
    expect((variableUses(t) as VariableUse[]).map((u) => [u.name, u.form, u.operand])).toEqual([[name, form, operand]]);
  });

  it('[variables_test] multiple-values', () => {
    expect((variableUses('$docker:${project:-cli}') as VariableUse[]).map((u) => [u.name, u.operand])).toEqual([
      ['docker', undefined],
      ['project', 'cli'],
    ]);
  });

  // [template_test.go TestSubstitutionFunctionChoice]: the operator is the separator found first.
  it.each([
    ['VARNAME:?val?ue', ':?'],
    ['VARNAME?val:?ue', '?'],
    ['VARNAME?va-lu+e:?e', '?'],
    ['VARNAME?va+lu-e:?e', '?'],
    ['VARNAME:-value', ':-'],
    ['VARNAME-va:-lu:?e', '-'],
    ['VARNAME-va+lu?e', '-'],
    ['VARNAME-va?lu+e', '-'],
    ['VARNAME:+va:?lu:-e', ':+'],
    ['VARNAME+va:+lue', '+'],
    ['VARNAME+va?lu-e', '+'],
    ['VARNAME+va-lu?e', '+'],
  ])('[TestSubstitutionFunctionChoice] %s', (inner, symbol) => {
    const [u] = variableUses(`\${${inner}}`) as VariableUse[];
    expect(u!.form).toBe(symbol);
    expect(u!.name).toBe('VARNAME');
  });

  it('interpolate returns the same uses', () => {
    const r = interpolate('${A:-$FOO}', lookup);
    expect(r.ok && r.uses.map((u) => u.name)).toEqual(['A', 'FOO']);
  });

  it('escaped dollars are not uses', () => {
    expect(variableUses('$$A $${B} $$$C')).toEqual([use({ name: 'C', start: 12, end: 14, form: '$VAR' })]);
  });
});

describe('goQuote (Go strconv.Quote)', () => {
  it.each([
    ['abc', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\n\t\r', '"\\n\\t\\r"'],
    ['\x01\x7f', '"\\x01\\x7f"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u00e9\u{1F600}', '"\u00e9\u{1F600}"'],
  ])('%j', (s, q) => {
    expect(goQuote(s)).toBe(q);
  });
});

describe('a template parsed once serves every lookup', () => {
  it('gives each lookup its own values, unset names and errors', () => {
    const template = '${HOST:-localhost}:${PORT:?port is required}';
    const a = interpolate(template, (n) => ({ HOST: 'db', PORT: '5432' })[n]);
    const b = interpolate(template, (n) => ({ PORT: '6543' })[n]);
    const c = interpolate(template, () => undefined);
    expect(a).toMatchObject({ ok: true, value: 'db:5432', unset: [], requiredMissing: [] });
    expect(b).toMatchObject({ ok: true, value: 'localhost:6543', unset: [] });
    expect(c).toMatchObject({ ok: true, requiredMissing: [{ name: 'PORT' }] });
    expect(interpolate(template, (n) => ({ HOST: 'db', PORT: '5432' })[n])).toEqual(a);
  });
});
