// Cases marked [godotenv_test.go <Test>] come from compose-spec/compose-go dotenv/godotenv_test.go
// (v2: TestParsing, TestUnterminatedQuotes, TestLinesToIgnore, TestUTF8BOM, TestDash, ...),
// [parser_test.go], [var_expansion_test] (dotenv/godotenv_var_expansion_test.go) and
// [fixtures/x.env] (dotenv/fixtures) likewise.
import { describe, expect, it } from 'vitest';
import { dotenvErrorMessage, expandEscapes, parseDotenv } from '../src/compose/dotenv.js';

const noLookup = () => undefined;

function parseOk(text: string, lookup: (n: string) => string | undefined = noLookup): Map<string, string> {
  const r = parseDotenv(text, lookup);
  expect(r.errors).toEqual([]);
  return r.values;
}

function only(text: string): [string, string] {
  const values = parseOk(text);
  expect(values.size).toBe(1);
  return [...values][0]!;
}

describe('parseDotenv: single statements ([godotenv_test.go TestParsing])', () => {
  const table: [string, string, string][] = [
    // unquoted values
    ['FOO=bar', 'FOO', 'bar'],
    // values with spaces around equal sign
    ['FOO =bar', 'FOO', 'bar'],
    ['FOO= bar', 'FOO', 'bar'],
    // double and single quoted values
    ['FOO="bar"', 'FOO', 'bar'],
    ["FOO='bar'", 'FOO', 'bar'],
    // escaped double quotes
    ['FOO="escaped\\"bar"', 'FOO', 'escaped"bar'],
    ['FOO="\\"quoted\\""', 'FOO', '"quoted"'],
    // single quotes inside double quotes
    [`FOO="'d'"`, 'FOO', "'d'"],
    // yaml style options
    ['OPTION_A: 1', 'OPTION_A', '1'],
    ['OPTION_A: Foo=bar', 'OPTION_A', 'Foo=bar'],
    // non-yaml options with colons
    ['OPTION_A=1:B', 'OPTION_A', '1:B'],
    // export keyword
    ['export OPTION_A=2', 'OPTION_A', '2'],
    ["export OPTION_B='\\n'", 'OPTION_B', '\\n'],
    ['export exportFoo=2', 'exportFoo', '2'],
    ['exportFOO=2', 'exportFOO', '2'],
    ['export_FOO =2', 'export_FOO', '2'],
    ['export.FOO= 2', 'export.FOO', '2'],
    ['export\tOPTION_A=2', 'OPTION_A', '2'],
    ['  export OPTION_A=2', 'OPTION_A', '2'],
    ['\texport OPTION_A=2', 'OPTION_A', '2'],
    ['export OPTION_A="export A"', 'OPTION_A', 'export A'],
    // newlines in quoted strings; escapes only in double quotes
    ['FOO="bar\\nbaz"', 'FOO', 'bar\nbaz'],
    ['FOO=a\\tb', 'FOO', 'a\\tb'],
    ['FOO="a\\tb"', 'FOO', 'a\tb'],
    // shell escape sequences
    ['KEY="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"', 'KEY', 'Z\x07Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ'],
    // "." in the name, several "=" in the value
    ['FOO.BAR=foobar', 'FOO.BAR', 'foobar'],
    ['FOO=foobar=', 'FOO', 'foobar='],
    // strips unquoted values
    ['FOO=bar ', 'FOO', 'bar'],
    // inline comments
    ['FOO=bar # this is foo', 'FOO', 'bar'],
    ['FOO=bar #this is foo', 'FOO', 'bar'],
    ['FOO=bar #', 'FOO', 'bar'],
    ['FOO=123#not-an-inline-comment', 'FOO', '123#not-an-inline-comment'],
    // # in quoted values
    ['FOO="bar#baz"', 'FOO', 'bar#baz'],
    ['FOO="bar#baz"#', 'FOO', 'bar#baz'],
    ['FOO="bar#baz" # comment', 'FOO', 'bar#baz'],
    ["FOO='bar#baz' # comment", 'FOO', 'bar#baz'],
    ['FOO="bar#baz#bang" # comment', 'FOO', 'bar#baz#bang'],
    ['FOO="ba#r"', 'FOO', 'ba#r'],
    ["FOO='ba#r'", 'FOO', 'ba#r'],
    // newlines and backslashes should be escaped
    ['FOO="bar\\n\\ b\\az"', 'FOO', 'bar\n\\ b\x07z'],
    ['FOO="bar\\\\\\n\\ b\\az"', 'FOO', 'bar\\\n\\ b\x07z'],
    ['FOO="bar\\\\r\\ b\\az"', 'FOO', 'bar\\r\\ b\x07z'],
    // empty key
    ['="value"', '', 'value'],
    // leading whitespace is ignored
    [' KEY =value', 'KEY', 'value'],
    ['   KEY=value', 'KEY', 'value'],
    ['\tKEY=value', 'KEY', 'value'],
    // XSI-echo style octal escapes are expanded; non-XSI/POSIX escapes are not
    ['KEY="\\0123"', 'KEY', 'S'],
    ['KEY="\\x07"', 'KEY', '\\x07'],
    ['KEY="\\u12e4"', 'KEY', '\\u12e4'],
    ['KEY="\\U00101234"', 'KEY', '\\U00101234'],
  ];
  it.each(table)('%j', (line, key, value) => {
    expect(only(line)).toEqual([key, value]);
  });

  it('[TestParsing] badly formatted line', () => {
    expect(parseDotenv('lol$wut').errors).toEqual([
      { line: 1, message: 'line 1: unexpected character "$" in variable name "lol$wut"', offset: 3 },
    ]);
  });

  it('[godotenv_test.go TestParse]', () => {
    expect([...parseOk('ONE=1\nTWO=\'2\'\nTHREE = "3"')]).toEqual([
      ['ONE', '1'],
      ['TWO', '2'],
      ['THREE', '3'],
    ]);
  });

  it('[godotenv_test.go TestVariableStringValueSeparator] double quotes span lines', () => {
    const input = 'TEST_URLS="stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443"';
    expect([...parseOk(input)]).toEqual([['TEST_URLS', 'stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443']]);
  });
});

describe('parseDotenv: quoting details', () => {
  it.each([
    // a backslash escapes the quote character in single quotes too
    ["A='it\\'s'", "it's"],
    // other backslashes survive single quotes untouched
    ["A='a\\\\b\\n'", 'a\\\\b\\n'],
    // in double quotes \\ is one backslash, also right before the closing quote
    ['A="a\\\\"', 'a\\'],
    // \$ and $$ both give a literal $ in double quotes
    ['A="\\$HOME $$HOME"', '$HOME $HOME'],
    // single quotes: no expansion at all
    ["A='${NOPE:?x} $$'", '${NOPE:?x} $$'],
    // \0 needs exactly three octal digits worth at most 255
    ['A="\\0 \\01 \\012 \\0400 \\0101"', '\\0 \\01 \\012 \\0400 A'],
    // \c is matched by compose-go's regexp but is no escape
    ['A="\\c"', '\\c'],
    // real line breaks inside quotes are kept
    ['A="x\ny"', 'x\ny'],
    ["A='x\r\ny'", 'x\r\ny'],
  ])('%j', (text, value) => {
    expect(parseOk(text).get('A')).toBe(value);
  });

  it('expandEscapes on its own', () => {
    expect(expandEscapes('\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\$')).toBe('\x07\b\f\n\r\t\v\\"$$');
    expect(expandEscapes('\\0377')).toBe('\u00ff');
  });
});

describe('parseDotenv: comments, blank lines, CRLF and BOM', () => {
  // [godotenv_test.go TestLinesToIgnore]
  it.each(['\n', '\r\n', '\t\t ', '# Comment', '\t # comment', ''])('ignores %j', (text) => {
    const r = parseDotenv(text);
    expect(r).toEqual({ values: new Map(), entries: [], errors: [], warnings: [] });
  });

  it('inline comments need a space before the #', () => {
    expect(parseOk('A=a\t#b').get('A')).toBe('a\t#b');
    // after `=` the blanks are skipped first, so the comment becomes the value
    expect(parseOk('A= # comment').get('A')).toBe('# comment');
    expect(parseOk('A=  x  # comment  ').get('A')).toBe('x');
  });

  it('CRLF line endings', () => {
    const text = "A=1\r\nB='x'\r\nC=\"y\"\r\n# c\r\n\r\nD\r\nE=e \r\n";
    const r = parseDotenv(text, (n) => (n === 'D' ? 'd' : undefined));
    expect(r.errors).toEqual([]);
    expect([...r.values]).toEqual([
      ['A', '1'],
      ['B', 'x'],
      ['C', 'y'],
      ['D', 'd'],
      ['E', 'e'],
    ]);
    expect(r.entries.map((e) => text.slice(e.start, e.end))).toEqual(['A=1\r', "B='x'\r", 'C="y"\r', 'D\r', 'E=e \r']);
    expect(r.entries.map((e) => e.line)).toEqual([1, 2, 3, 6, 7]);
  });

  it('[godotenv_test.go TestUTF8BOM] with [fixtures/plain.env]', () => {
    const plain = 'OPTION_A=1\nOPTION_B=2\nOPTION_C= 3\nOPTION_D =4\nOPTION_E = 5\nOPTION_F = \nOPTION_G=\nOPTION_H = my string # Inline comment\n';
    const expected = [
      ['OPTION_A', '1'],
      ['OPTION_B', '2'],
      ['OPTION_C', '3'],
      ['OPTION_D', '4'],
      ['OPTION_E', '5'],
      ['OPTION_F', ''],
      ['OPTION_G', ''],
      ['OPTION_H', 'my string'],
    ];
    expect([...parseOk(plain)]).toEqual(expected);
    const r = parseDotenv(`\uFEFF${plain}`);
    expect([...r.values]).toEqual(expected);
    // offsets stay in the given text; the BOM is not part of the first line's span
    expect(r.entries[0]).toMatchObject({ start: 1, keyStart: 1, keyEnd: 9, line: 1 });
  });

  it('a BOM is only skipped at the very start', () => {
    expect(parseDotenv('A=1\n\uFEFFB=2').errors[0]!.message).toBe('line 2: unexpected character "\\ufeff" in variable name "\\ufeffB=2"');
  });
});

describe('parseDotenv: fixtures', () => {
  it('[fixtures/quoted.env] ([godotenv_test.go TestLoadQuotedEnv])', () => {
    const text =
      "OPTION_A='1'\nOPTION_B='2'\nOPTION_C=''\nOPTION_D='\\n'\nOPTION_E=\"1\"\nOPTION_F=\"2\"\nOPTION_G=\"\"\nOPTION_H=\"\\n\"\n" +
      "OPTION_I = \"echo 'asd'\"\nOPTION_J = 'first line\nsecond line\nthird line\nand so on'\nOPTION_Z = \"last value\"\n";
    expect(Object.fromEntries(parseOk(text))).toEqual({
      OPTION_A: '1',
      OPTION_B: '2',
      OPTION_C: '',
      OPTION_D: '\\n',
      OPTION_E: '1',
      OPTION_F: '2',
      OPTION_G: '',
      OPTION_H: '\n',
      OPTION_I: "echo 'asd'",
      OPTION_J: 'first line\nsecond line\nthird line\nand so on',
      OPTION_Z: 'last value',
    });
  });

  it('[fixtures/exported.env] and [fixtures/equals.env] (joho/godotenv fixtures)', () => {
    expect(Object.fromEntries(parseOk("export OPTION_A=2\nexport OPTION_B='\\n'\n"))).toEqual({ OPTION_A: '2', OPTION_B: '\\n' });
    expect(parseOk("export OPTION_A='postgres://localhost:5432/database?sslmode=disable'\n").get('OPTION_A')).toBe(
      'postgres://localhost:5432/database?sslmode=disable',
    );
  });

  it('[fixtures/custom.format] YAML-ish colon separators', () => {
    expect(Object.fromEntries(parseOk('FOO:BAR\nZOT:QIX'))).toEqual({ FOO: 'BAR', ZOT: 'QIX' });
  });

  it('[fixtures/special.env] ([godotenv_test.go TestDash])', () => {
    expect(Object.fromEntries(parseOk('VAR-WITH-DASHES=dashes\nVAR.WITH.DOTS=dots\nVAR_WITH_UNDERSCORES=underscores\n'))).toEqual({
      'VAR-WITH-DASHES': 'dashes',
      'VAR.WITH.DOTS': 'dots',
      VAR_WITH_UNDERSCORES: 'underscores',
    });
  });

  it('[parser_test.go TestParseBytes] unicode keys, brackets and dots', () => {
    const input = '\na=b\na[1]=c\na.propertyKey=d\nárvíztűrő-TÜKÖRFÚRÓGÉP=ÁRVÍZTŰRŐ-tükörfúrógép\n';
    expect(Object.fromEntries(parseOk(input))).toEqual({
      a: 'b',
      'a[1]': 'c',
      'a.propertyKey': 'd',
      'árvíztűrő-TÜKÖRFÚRÓGÉP': 'ÁRVÍZTŰRŐ-tükörfúrógép',
    });
  });

  it('[fixtures/substitutions-default.env]', () => {
    const text = 'OPTION_A=${OPTION_A:-1}\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\nOPTION_D=${OPTION_A}_${OPTION_B}\nOPTION_E=${OPTION_NOT_DEFINED}\n';
    const r = parseDotenv(text);
    expect(Object.fromEntries(r.values)).toEqual({ OPTION_A: '1', OPTION_B: '1', OPTION_C: '1', OPTION_D: '1_1', OPTION_E: '' });
    expect(r.warnings).toEqual([
      { line: 5, message: 'The "OPTION_NOT_DEFINED" variable is not set. Defaulting to a blank string.', variable: 'OPTION_NOT_DEFINED' },
    ]);
    // The lookup (shell environment) wins over keys defined earlier in the file.
    const shell = parseDotenv(text, (n) => (n === 'OPTION_A' ? '5' : undefined));
    expect(Object.fromEntries(shell.values)).toEqual({ OPTION_A: '5', OPTION_B: '5', OPTION_C: '5', OPTION_D: '5_5', OPTION_E: '' });
  });

  it('[fixtures/inherited-not-found-multi-var.env] bare keys take the lookup value or are left out', () => {
    const text = 'FOO=bar\nVARIABLE_NOT_FOUND\nBAR=baz\n';
    const r = parseDotenv(text);
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries(r.values)).toEqual({ FOO: 'bar', BAR: 'baz' });
    expect(r.entries[1]).toMatchObject({ key: 'VARIABLE_NOT_FOUND', inherited: true, set: false, line: 2 });
    // [godotenv_test.go TestInheritedEnvVariableSameSize]
    const found = parseDotenv('foo=bar\nVAR_TO_BE_LOADED_FROM_OS_ENV\nbar=baz\n', (n) =>
      n === 'VAR_TO_BE_LOADED_FROM_OS_ENV' ? 'SOME_RANDOM_VALUE' : undefined,
    );
    expect(Object.fromEntries(found.values)).toEqual({ foo: 'bar', VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE', bar: 'baz' });
    expect(found.entries[1]).toMatchObject({ inherited: true, set: true, value: 'SOME_RANDOM_VALUE' });
  });
});

describe('parseDotenv: variable expansion', () => {
  // [godotenv_test.go TestExpanding] (compose-go v1 test file, same behaviour in v2)
  it.each([
    ['FOO=test\nBAR=$FOO', { FOO: 'test', BAR: 'test' }],
    ['FOO=test\nBAR=${FOO}bar', { FOO: 'test', BAR: 'testbar' }],
    ['BAR=$FOO', { BAR: '' }],
    ['FOO=test\nBAR="quote $FOO"', { FOO: 'test', BAR: 'quote test' }],
    ["BAR='quote $FOO'", { BAR: 'quote $FOO' }],
    ['FOO="foo\\$BAR"', { FOO: 'foo$BAR' }],
    ['FOO="foo\\${BAR}"', { FOO: 'foo${BAR}' }],
    ['FOO=test\nBAR="foo\\${FOO} ${FOO}"', { FOO: 'test', BAR: 'foo${FOO} test' }],
    // unquoted values get no escape processing: `\` stays, `$FOO` is expanded
    ['FOO=x\nBAR=\\$FOO', { FOO: 'x', BAR: '\\x' }],
    ['FOO=x\nBAR=$$FOO', { FOO: 'x', BAR: '$FOO' }],
    ['FOO=x\nBAR=${FOO:+alt}${NOPE:-dflt}', { FOO: 'x', BAR: 'altdflt' }],
  ])('[TestExpanding] %j', (text, expected) => {
    expect(Object.fromEntries(parseDotenv(text).values)).toEqual(expected);
  });

  // [var_expansion_test] with its envMap EMPTY_VAR="" and TEST_VAR="Test Value"
  const prefix = 'EMPTY_VAR=\nTEST_VAR=Test Value\n';
  it.each([
    ['${UNSET_VAR:-Default Value}', 'Default Value'],
    ['${EMPTY_VAR:-Default Value}', 'Default Value'],
    ['${TEST_VAR:-Default Value}', 'Test Value'],
    ['${UNSET_VAR-Default Value}', 'Default Value'],
    ['${EMPTY_VAR-Default Value}', ''],
    ['${TEST_VAR-Default Value}', 'Test Value'],
    ['${TEST_VAR:?Default Value}', 'Test Value'],
    ['${EMPTY_VAR?Test error}', ''],
    ['${TEST_VAR?Default Value}', 'Test Value'],
  ])('[var_expansion_test] RESULT=%s', (template, expected) => {
    expect(parseOk(`${prefix}RESULT=${template}`).get('RESULT')).toBe(expected);
  });

  it.each([
    ['${UNSET_VAR:?Test error}', 'required variable UNSET_VAR is missing a value: Test error'],
    ['${EMPTY_VAR:?Test error}', 'required variable EMPTY_VAR is missing a value: Test error'],
    ['${UNSET_VAR?Test error}', 'required variable UNSET_VAR is missing a value: Test error'],
  ])('[var_expansion_test] RESULT=%s fails', (template, message) => {
    const r = parseDotenv(`${prefix}RESULT=${template}`);
    expect(r.errors).toEqual([{ line: 3, message, offset: prefix.length + 'RESULT='.length }]);
    expect(r.values.has('RESULT')).toBe(false);
  });

  it('invalid templates fail the file with compose-go wording', () => {
    const r = parseDotenv('A=${\nB="x${}y"\nC=${OK:-1}');
    expect(r.errors).toEqual([
      { line: 1, message: 'Invalid template: "${"', offset: 2 },
      { line: 2, message: 'Invalid template: "x${}y"', offset: 7 },
    ]);
    expect(Object.fromEntries(r.values)).toEqual({ C: '1' });
    expect(dotenvErrorMessage('/p/.env', r.errors[0]!.message)).toBe('failed to read /p/.env: Invalid template: "${"');
  });

  it('warns about unset variables with their line', () => {
    expect(parseDotenv('A=1\nB="$NOPE ${NOPE} $A"').warnings).toEqual([
      { line: 2, message: 'The "NOPE" variable is not set. Defaulting to a blank string.', variable: 'NOPE' },
    ]);
  });

  it('a key is not overridden by the lookup, only references to it are', () => {
    const r = parseDotenv('A=1\nB=${A}', (n) => (n === 'A' ? 'shell' : undefined));
    expect(Object.fromEntries(r.values)).toEqual({ A: '1', B: 'shell' });
  });
});

describe('parseDotenv: errors (never throws, continues on the next line)', () => {
  it('[godotenv_test.go TestErrorParsing] key cannot contain a space, with compose-go line number', () => {
    const text = '# Full line comment\nOPTION_A=1\n\nOPTION_B="multi\nline"\nOPTION_C=3 # comment\nINVALID KEY=value\nfoo=bar\n';
    const r = parseDotenv(text);
    expect(r.errors).toEqual([{ line: 7, message: 'line 7: key cannot contain a space', offset: text.indexOf('INVALID') }]);
    expect(Object.fromEntries(r.values)).toEqual({ OPTION_A: '1', OPTION_B: 'multi\nline', OPTION_C: '3', foo: 'bar' });
  });

  it('[parser_test.go TestParseVariable]', () => {
    expect(parseDotenv('%!(EXTRA string)=foo').errors.map((e) => e.message)).toEqual([
      'line 1: unexpected character "%" in variable name "%!(EXTRA string)=foo"',
    ]);
  });

  // [godotenv_test.go TestUnterminatedQuotes]
  it.each(['KEY="', 'KEY="value', 'KEY="value\\"', "KEY=\"value'", "KEY='", "KEY='value", "KEY='value\\'", 'KEY=\'value"'])(
    '[TestUnterminatedQuotes] %j',
    (text) => {
      const r = parseDotenv(text);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]!.message).toBe(`line 1: unterminated quoted value ${text.slice(4)}`);
      expect(r.values.size).toBe(0);
    },
  );

  it('an unterminated quote is reported by compose-go on the last line of the file', () => {
    const text = 'A=1\nB="oops\nC=2\nD=3\n';
    const r = parseDotenv(text);
    expect(r.errors).toEqual([{ line: 2, message: 'line 5: unterminated quoted value "oops', offset: 6 }]);
    expect(Object.fromEntries(r.values)).toEqual({ A: '1', C: '2', D: '3' });
  });

  it('collects several errors, the first being what Compose reports', () => {
    const r = parseDotenv('GOOD=1\nBAD KEY=1\nlol$wut\nALSO_GOOD=2\nA="x" "y"\n');
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'line 2: key cannot contain a space'],
      [3, 'line 3: unexpected character "$" in variable name "lol$wut"'],
      [5, 'line 5: unexpected character "\\"" in variable name "\\"y\\""'],
    ]);
    expect(Object.fromEntries(r.values)).toEqual({ GOOD: '1', ALSO_GOOD: '2', A: 'x' });
  });

  it('compose-go does not count the line of a bare key with a trailing space', () => {
    const r = parseDotenv('A \nB=1\nC D\n');
    expect(r.errors).toEqual([{ line: 3, message: 'line 2: key cannot contain a space', offset: 7 }]);
  });

  it('`export` alone at the end of the file', () => {
    expect(parseDotenv('A=1\nexport ').errors.map((e) => e.message)).toEqual(['zero length string']);
  });

  it('never throws on arbitrary input', () => {
    const samples = ['"', "'", '=', ':', '\\', '${', 'export', 'export\n', '\u0000', '\uD800', 'A="\\', "A='\\'", '#\n#', 'a\n'.repeat(3)];
    for (const s of samples) expect(() => parseDotenv(s)).not.toThrow();
  });
});

describe('parseDotenv: quirks kept from compose-go', () => {
  it('a last line without `=` and without a newline is the value of the empty key', () => {
    expect(Object.fromEntries(parseDotenv('A=1\nLAST').values)).toEqual({ A: '1', '': 'LAST' });
    expect(parseDotenv('A=1\nLAST\n').entries[1]).toMatchObject({ key: 'LAST', inherited: true, set: false });
  });

  it('text after a closing quote starts another statement', () => {
    const r = parseDotenv('A="x" junk\nB=1');
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries(r.values)).toEqual({ A: 'x', B: '1' });
    expect(r.entries.map((e) => [e.key, e.inherited])).toEqual([
      ['A', false],
      ['junk', true],
      ['B', false],
    ]);
  });

  it('`export =1` sets the empty key; `export=1` sets "export"', () => {
    expect(Object.fromEntries(parseOk('export =1'))).toEqual({ '': '1' });
    expect(Object.fromEntries(parseOk('export=1'))).toEqual({ export: '1' });
  });

  it('a tab inside a key is accepted, a space is not', () => {
    expect(parseOk('A\tB=1').get('A\tB')).toBe('1');
    expect(parseDotenv('A B=1').errors.map((e) => e.message)).toEqual(['line 1: key cannot contain a space']);
  });

  it('later keys overwrite earlier ones', () => {
    expect(Object.fromEntries(parseOk('A=1\nA=2'))).toEqual({ A: '2' });
  });
});

describe('parseDotenv: entries and offsets', () => {
  it('spans of single-line, multi-line and exported statements', () => {
    const text = "# c\nexport A=1\n  B = 'x\ny' # tail\nC=\"q\"\nD=v # c\n";
    const r = parseDotenv(text);
    expect(r.errors).toEqual([]);
    const view = r.entries.map((e) => ({
      key: e.key,
      line: e.line,
      span: text.slice(e.start, e.end),
      key_: text.slice(e.keyStart, e.keyEnd),
      value_: text.slice(e.valueStart, e.valueEnd),
      quote: e.quote,
      exported: e.exported,
    }));
    expect(view).toEqual([
      { key: 'A', line: 2, span: 'export A=1', key_: 'A', value_: '1', quote: null, exported: true },
      { key: 'B', line: 3, span: "  B = 'x\ny' # tail", key_: 'B', value_: 'x\ny', quote: "'", exported: false },
      { key: 'C', line: 5, span: 'C="q"', key_: 'C', value_: 'q', quote: '"', exported: false },
      { key: 'D', line: 6, span: 'D=v # c', key_: 'D', value_: 'v', quote: null, exported: false },
    ]);
  });

  it('a quoted value followed by another statement ends at its quote', () => {
    const text = 'A="x" B\n';
    const [a] = parseDotenv(text).entries;
    expect(text.slice(a!.start, a!.end)).toBe('A="x"');
  });

  it('the last line without a newline', () => {
    const text = 'A=1\nB=2';
    const r = parseDotenv(text);
    expect(r.entries.map((e) => [e.start, e.end])).toEqual([
      [0, 3],
      [4, 7],
    ]);
  });
});
