/**
 * Rows of small makefiles and the statements the parser must read from them, covering GNU make's
 * line grammar. Every expectation was checked against GNU make 4.3 (`make -s -f case.mk` with
 * `$(info ...)` probes); rows that rely on GNU make 4.4 say so.
 */
import { describe, it } from 'vitest';
import { check, source, type Expected } from './check.js';

type Row = readonly [title: string, input: string, expected: Expected];

const comments: readonly Row[] = [
  ['a comment line is blank; a trailing comment is trivia', source`
    # a comment
    x = 1 # trailing
  `, { kinds: ['BlankLine', 'Assignment'], outline: ['BlankLine', 'Assignment name=x op=Equals value=1'] }],
  ['an indented comment line is blank', '   # indented\n', { outline: ['BlankLine'] }],
  // GNU make: `# comment \` continues the comment onto the next line, so x stays undefined.
  ['backslash-newline continues a comment', source`
    # comment \\
    x = 1
    y = 2
  `, { outline: ['BlankLine', 'Assignment name=y op=Equals value=2'] }],
  ['a comment after a rule line', 'a: b # comment\n', { outline: ['Rule targets=a op=Colon prereqs=b'] }],
  // GNU make: `x = a\#b` gives `a#b`; `x = a\\#b` gives `a\`.
  ['an escaped # is text, an escaped backslash before # is not', 'x = a\\#b\ny = a\\\\#b\n', {
    outline: ['Assignment name=x op=Equals value=a\\#b', 'Assignment name=y op=Equals value=a\\\\'],
  }],
  // GNU make 4.3: `#` inside a reference does not start a comment: `$(info a # b)` prints `a # b`.
  ['# inside $(...) is not a comment', 'x := $(info a # b)\n$(info a # b)\n', {
    outline: ['Assignment name=x op=ColonEquals value=$(info a # b)', 'UnresolvedLine expr=$(info a # b)'],
    refs: ['FuncCall(info/1)', 'FuncCall(info/1)'],
  }],
  // GNU make: `x = ${subst a,b,a # c}` gives `b # c`.
  ['# inside ${...} is not a comment', 'x = ${subst a,b,a # c}\n', {
    outline: ['Assignment name=x op=Equals value=${subst a,b,a # c}'], refs: ['FuncCall(subst/3)'],
  }],
  ['# after a closed reference is a comment', 'x := $(foo)#c\n', { outline: ['Assignment name=x op=ColonEquals value=$(foo)'], refs: ['VarRef(foo)'] }],
  ['# after $$( is a comment: $$ is not a reference', 'x = $$(a # b)\n', { outline: ['Assignment name=x op=Equals value=$$(a'], refs: ['DollarDollar'] }],
  // GNU make passes `echo "x # y"` to the shell in both places.
  ['# in a recipe is recipe text', source`
    all: ; @echo "x # y"
    b:
    \t@echo "x # y"
  `, {
    outline: ['Rule targets=all op=Colon prereqs= recipe=@echo "x # y"', 'Rule targets=b op=Colon prereqs=', 'RecipeLine prefix=⇥ text=@echo "x # y"'],
  }],
  ['a tab-led comment before any rule is a blank line', '\t# not a recipe\n', { outline: ['BlankLine comment=# not a recipe'] }],
];

const continuations: readonly Row[] = [
  // GNU make: x is `a b`.
  ['in an assignment', source`
    x = a \\
      b
  `, { outline: ['Assignment name=x op=Equals value=a \\⏎  b'] }],
  ['in a recipe: one recipe line', source`
    all:
    \techo a \\
    \t  b
  `, { outline: ['Rule targets=all op=Colon prereqs=', 'RecipeLine prefix=⇥ text=echo a \\⏎⇥  b'] }],
  // GNU make: $^ is `b c`.
  ['in a rule line', source`
    a: b \\
      c
  `, { outline: ['Rule targets=a op=Colon prereqs=b \\⏎  c'] }],
  ['in a directive', 'include a.mk \\\n  b.mk\n', { outline: ['Directive include args=a.mk \\⏎  b.mk'] }],
  ['in a conditional', source`
    ifeq ($(A),\\
      )
    endif
  `, { outline: ['Conditional', '  ifeq left=$(A) right=\\⏎', '  endif'], refs: ['VarRef(A)'] }],
  ['between a function name and its arguments', 'x = $(info\\\n  a)\n', { refs: ['FuncCall(info/1)'] }],
];

const assignments: readonly Row[] = [
  // `:::=` is GNU make 4.4's; make 4.3 reads `d :::= 4` as a rule and stops ("empty variable name").
  ['every operator', source`
    a = 1
    b := 2
    c ::= 3
    d :::= 4
    e += 5
    f ?= 6
    g != echo 7
  `, {
    outline: [
      'Assignment name=a op=Equals value=1',
      'Assignment name=b op=ColonEquals value=2',
      'Assignment name=c op=DoubleColonEquals value=3',
      'Assignment name=d op=TripleColonEquals value=4',
      'Assignment name=e op=PlusEquals value=5',
      'Assignment name=f op=QuestionEquals value=6',
      'Assignment name=g op=BangEquals value=echo 7',
    ],
  }],
  ['operators without blanks', 'a:=1\nb::=2\nc+=3\nd?=4\ne!=echo 5\nf=\n', {
    outline: [
      'Assignment name=a op=ColonEquals value=1',
      'Assignment name=b op=DoubleColonEquals value=2',
      'Assignment name=c op=PlusEquals value=3',
      'Assignment name=d op=QuestionEquals value=4',
      'Assignment name=e op=BangEquals value=echo 5',
      'Assignment name=f op=Equals value=',
    ],
  }],
  ['modifiers', source`
    override x = 1
    export y := 2
    private w = 3
    override export private v += 4
  `, {
    outline: [
      'Assignment mods=[override] name=x op=Equals value=1',
      'Assignment mods=[export] name=y op=ColonEquals value=2',
      'Assignment mods=[private] name=w op=Equals value=3',
      'Assignment mods=[override export private] name=v op=PlusEquals value=4',
    ],
  }],
  // GNU make reads the assignment first, so variables may be named like directives.
  ['variables named like directives', 'ifdef = 1\nexport = 2\ninclude := 3\n', {
    outline: ['Assignment name=ifdef op=Equals value=1', 'Assignment name=export op=Equals value=2', 'Assignment name=include op=ColonEquals value=3'],
  }],
  ['a computed name', 'x$(y) = 1\n$(foo) = bar\n', {
    outline: ['Assignment name=x$(y) op=Equals value=1', 'Assignment name=$(foo) op=Equals value=bar'], refs: ['VarRef(y)', 'VarRef(foo)'],
  }],
  // GNU make: a tab-led line before any rule is read as an ordinary line; x is 1.
  ['a tab-led assignment before any rule', '\tx = 1\n', { outline: ['Assignment name=x op=Equals value=1'] }],
  ['the first operator wins', 'x = a := b\n', { outline: ['Assignment name=x op=Equals value=a := b'] }],
  ['undefine', 'undefine x\noverride undefine y\n', { outline: ['Undefine name=x', 'Undefine mods=[override] name=y'] }],
];

const defines: readonly Row[] = [
  ['define without an operator', source`
    define foo
    a
    b
    endef
  `, { kinds: ['Define'], outline: ['Define name=foo body=a⏎b'] }],
  ['define with operators and modifiers', source`
    define foo :=
    a
    endef
    define bar +=
    b
    endef
    override define baz
    endef
    export define qux
    1
    endef
  `, {
    outline: ['Define name=foo op=ColonEquals body=a', 'Define name=bar op=PlusEquals body=b', 'Define mods=[override] name=baz body=', 'Define mods=[export] name=qux body=1'],
  }],
  // GNU make: `define foo=` defines foo as `a`.
  ['define with = right after the name', 'define foo=\na\nendef\n', { outline: ['Define name=foo op=Equals body=a'] }],
  // GNU make: outer is `define inner\nx\nendef`.
  ['a nested define', source`
    define outer
    define inner
    x
    endef
    endef
  `, { outline: ['Define name=outer body=define inner⏎x⏎endef'] }],
  // GNU make's define reader skips lines led by the recipe prefix: foo is `\tendef`.
  ['a tab-led endef is body text', 'define foo\n\tendef\nendef\n', { outline: ['Define name=foo body=⇥endef'] }],
  ['a blank-led endef ends the define', 'define foo\nx\n  endef\n', { outline: ['Define name=foo body=x'] }],
  ['endef with a comment', 'define foo\nx\nendef # done\n', { outline: ['Define name=foo body=x'] }],
  // GNU make: `endef#x` is not `endef` to the define reader (a blank must follow the word).
  ['endef# is body text', 'define foo\nendef#x\nendef\n', { outline: ['Define name=foo body=endef#x'] }],
  ['a body line continued onto endef does not end it', 'define foo\nx \\\nendef\nendef\n', { outline: ['Define name=foo body=x \\⏎endef'] }],
  ['references in the body are kept raw', 'define foo\n$(a) $(b\nendef\n', { outline: ['Define name=foo body=$(a) $(b'], refs: [] }],
];

const conditionals: readonly Row[] = [
  ['ifeq (a,b) with else', source`
    ifeq (a,b)
    x = 1
    else
    x = 2
    endif
  `, {
    kinds: ['Conditional'],
    outline: ['Conditional', '  ifeq left=a right=b', '    Assignment name=x op=Equals value=1', '  else', '    Assignment name=x op=Equals value=2', '  endif'],
  }],
  ['both quoted forms', source`
    ifneq "a" 'b'
    endif
    ifeq 'a' "b"
    endif
    ifeq "$(A)" ""
    endif
  `, {
    outline: ['Conditional', '  ifneq left=a right=b', '  endif', 'Conditional', '  ifeq left=a right=b', '  endif', 'Conditional', '  ifeq left=$(A) right=', '  endif'],
    refs: ['VarRef(A)'],
  }],
  ['quotes inside parentheses are part of the arguments', 'ifeq ("a","a")\nendif\n', { outline: ['Conditional', '  ifeq left="a" right="a"', '  endif'] }],
  ['references and parentheses inside the arguments', source`
    ifeq ($(filter a,$(B)),)
    endif
    ifeq ($(filter a,(b)),)
    endif
    ifneq ($(call f,a,b),x)
    endif
  `, {
    outline: [
      'Conditional', '  ifeq left=$(filter a,$(B)) right=', '  endif',
      'Conditional', '  ifeq left=$(filter a,(b)) right=', '  endif',
      'Conditional', '  ifneq left=$(call f,a,b) right=x', '  endif',
    ],
    refs: ['FuncCall(filter/2)', 'VarRef(B)', 'FuncCall(filter/2)', 'FuncCall(call/3)'],
  }],
  ['ifdef and ifndef', 'ifdef X\nendif\nifndef $(Y)\nendif\n', {
    outline: ['Conditional', '  ifdef name=X', '  endif', 'Conditional', '  ifndef name=$(Y)', '  endif'], refs: ['VarRef(Y)'],
  }],
  ['an else-if chain', source`
    ifdef X
    a = 1
    else ifndef Y
    a = 2
    else ifeq (a,b)
    a = 3
    else ifneq "a" "b"
    a = 4
    else
    a = 5
    endif
  `, {
    outline: [
      'Conditional',
      '  ifdef name=X', '    Assignment name=a op=Equals value=1',
      '  else ifndef name=Y', '    Assignment name=a op=Equals value=2',
      '  else ifeq left=a right=b', '    Assignment name=a op=Equals value=3',
      '  else ifneq left=a right=b', '    Assignment name=a op=Equals value=4',
      '  else', '    Assignment name=a op=Equals value=5',
      '  endif',
    ],
  }],
  ['nested conditionals', source`
    ifdef A
      ifdef B
      x = 1
      else
      x = 2
      endif
    endif
  `, {
    outline: [
      'Conditional', '  ifdef name=A',
      '    Conditional', '      ifdef name=B', '        Assignment name=x op=Equals value=1', '      else', '        Assignment name=x op=Equals value=2', '      endif',
      '  endif',
    ],
  }],
  // GNU make removes comments before it reads directives: `endif#x` is `endif`.
  ['comments after directives', 'ifeq ($(A),$(B)) # c\nelse # d\nendif#x\n', {
    outline: ['Conditional', '  ifeq left=$(A) right=$(B)', '  else', '  endif'], refs: ['VarRef(A)', 'VarRef(B)'],
  }],
  ['a conditional inside a rule keeps its recipe lines', source`
    all:
    \techo $(x)
    ifdef X
    \techo y
    endif
    \techo z
  `, {
    outline: ['Rule targets=all op=Colon prereqs=', 'RecipeLine prefix=⇥ text=echo $(x)', 'Conditional', '  ifdef name=X', '    RecipeLine prefix=⇥ text=echo y', '  endif', 'RecipeLine prefix=⇥ text=echo z'],
  }],
  // In a recipe a tab-led `endif` is shell text (GNU make hands it to the shell), so the conditional lacks one.
  ['a tab-led endif in a rule is a recipe line', 'all:\nifdef X\n\tendif\n', {
    outline: ['Rule targets=all op=Colon prereqs=', 'Conditional', '  ifdef name=X', '    RecipeLine prefix=⇥ text=endif', '  endif=missing'],
    codes: [['P004', 2, 1]],
  }],
];

const directives: readonly Row[] = [
  ['include, -include, sinclude', 'include a.mk b.mk\n-include c.mk\nsinclude d.mk\ninclude\n', {
    kinds: ['Directive', 'Directive', 'Directive', 'Directive'],
    outline: ['Directive include args=a.mk b.mk', 'Directive -include args=c.mk', 'Directive sinclude args=d.mk', 'Directive include args='],
  }],
  ['include of a computed name', 'include $(obj)/Makefile\n', { outline: ['Directive include args=$(obj)/Makefile'], refs: ['VarRef(obj)'] }],
  ['vpath in its three forms', 'vpath %.c src\nvpath %.c\nvpath\n', {
    outline: ['Directive vpath args=%.c src', 'Directive vpath args=%.c', 'Directive vpath args='],
  }],
  ['export and unexport lists', 'export A B\nunexport C D\nexport\nunexport\n', {
    outline: ['Directive export args=A B', 'Directive unexport args=C D', 'Directive export args=', 'Directive unexport args='],
  }],
  ['export of an assigned name, then of the name alone', 'export x = 1\nexport x\n', {
    outline: ['Assignment mods=[export] name=x op=Equals value=1', 'Directive export args=x'],
  }],
];

const rules: readonly Row[] = [
  ['several targets and prerequisites', 'a b c: d e\n', { kinds: ['Rule'], outline: ['Rule targets=a b c op=Colon prereqs=d e'] }],
  ['blanks around the colon', 'a : b\n', { outline: ['Rule targets=a op=Colon prereqs=b'] }],
  ['a pattern rule', '%.o: %.c\n', { outline: ['Rule targets=%.o op=Colon prereqs=%.c'] }],
  ['a static pattern rule', '$(objs): %.o: %.c\n', { outline: ['Rule targets=$(objs) op=Colon pattern=%.o prereqs=%.c'], refs: ['VarRef(objs)'] }],
  ['a double-colon rule', 'a:: b\n', { outline: ['Rule targets=a op=DoubleColon prereqs=b'] }],
  ['grouped targets', 'a b &: c\n', { outline: ['Rule targets=a b op=AmpColon prereqs=c'] }],
  ['order-only prerequisites', 'a: b | c d\n', { outline: ['Rule targets=a op=Colon prereqs=b orderOnly=c d'] }],
  ['only order-only prerequisites', 'a: | dir\n', { outline: ['Rule targets=a op=Colon prereqs= orderOnly=dir'] }],
  ['a recipe after ;', 'a: b ; echo hi\nc: d;e\n', {
    outline: ['Rule targets=a op=Colon prereqs=b recipe=echo hi', 'Rule targets=c op=Colon prereqs=d recipe=e'],
  }],
  ['everything at once', 'a.o b.o: %.o: %.c | dir ; cc -o $@ $<\n', {
    outline: ['Rule targets=a.o b.o op=Colon pattern=%.o prereqs=%.c orderOnly=dir recipe=cc -o $@ $<'],
  }],
  ['recipe lines', source`
    a: b
    \techo one
    \techo two
  `, { kinds: ['Rule', 'RecipeLine', 'RecipeLine'], outline: ['Rule targets=a op=Colon prereqs=b', 'RecipeLine prefix=⇥ text=echo one', 'RecipeLine prefix=⇥ text=echo two'] }],
  // GNU make keeps the rule open across comment and blank lines: it runs `echo hi`.
  ['comment and blank lines inside a recipe', 'a:\n# comment\n\n\techo hi\n', {
    outline: ['Rule targets=a op=Colon prereqs=', 'BlankLine', 'BlankLine', 'RecipeLine prefix=⇥ text=echo hi'],
  }],
  ['a tab-led comment in a recipe is recipe text', 'a:\n\t# shell comment\n', { outline: ['Rule targets=a op=Colon prereqs=', 'RecipeLine prefix=⇥ text=# shell comment'] }],
  ['a tab-led directive in a recipe is recipe text', 'a:\n\tifdef X\n\tinclude y\n', {
    outline: ['Rule targets=a op=Colon prereqs=', 'RecipeLine prefix=⇥ text=ifdef X', 'RecipeLine prefix=⇥ text=include y'],
  }],
  // GNU make: "Variable assignment ends the previous rule" (read.c), so the tab line is an error.
  ['an assignment ends the rule', 'a: b\nx = 1\n\techo hi\n', {
    outline: ['Rule targets=a op=Colon prereqs=b', 'Assignment name=x op=Equals value=1', 'ErrorLine text=⇥echo hi'], codes: [['P003', 3, 1]],
  }],
  // GNU make 4.3: each of these ends the rule too ("recipe commences before first target" on line 3).
  ...(['vpath %.c src', 'export A', 'unexport A', 'undefine A', 'include /dev/null', '-include /dev/null', 'export'] as const).map(
    (directive): Row => [`${directive.split(' ')[0]} ends the rule`, `all:\n${directive}\n\techo hi\n`, { kinds: ['Rule', directive.startsWith('undefine') ? 'Undefine' : 'Directive', 'ErrorLine'], codes: [['P003', 3, 1]] }],
  ),
  ['a define ends the rule', 'all:\ndefine x\nendef\n\techo hi\n', { kinds: ['Rule', 'Define', 'ErrorLine'], codes: [['P003', 4, 1]] }],
  // Whether `$(foo)` expands to a rule is known only to evaluation; so is the role of the tab line after it.
  ['a tab line after an unresolved line is unresolved', 'all:\n$(foo)\n\techo hi\n', {
    outline: ['Rule targets=all op=Colon prereqs=', 'UnresolvedLine expr=$(foo)', 'UnresolvedLine expr=echo hi'],
  }],
  ['a tab line after a conditional that may end the rule is unresolved', 'all:\nifdef X\nx = 1\nendif\n\techo hi\n', {
    kinds: ['Rule', 'Conditional', 'UnresolvedLine'],
  }],
  ['target-specific assignments', 'foo: X = 1\n%.o: override X := 1\na: B ::= 1\n', {
    outline: [
      'Rule targets=foo op=Colon var=(name=X op=Equals value=1)',
      'Rule targets=%.o op=Colon var=([override] name=X op=ColonEquals value=1)',
      'Rule targets=a op=Colon var=(name=B op=DoubleColonEquals value=1)',
    ],
  }],
  ['target-specific modifiers', 'a: export B = 1\na: private B += 1\na: override private B ?= 1\n', {
    outline: [
      'Rule targets=a op=Colon var=([export] name=B op=Equals value=1)',
      'Rule targets=a op=Colon var=([private] name=B op=PlusEquals value=1)',
      'Rule targets=a op=Colon var=([override private] name=B op=QuestionEquals value=1)',
    ],
  }],
  // GNU make: the value is `1 ; echo`: a target-specific value takes the rest of the line.
  ['a target-specific value takes the ;', 'a: x = 1 ; echo\n', { outline: ['Rule targets=a op=Colon var=(name=x op=Equals value=1 ; echo)'] }],
  ['a target-specific assignment ends the rule', 'a: x = 1\n\techo\n', { kinds: ['Rule', 'ErrorLine'], codes: [['P003', 2, 1]] }],
  ['$$ in a prerequisite', 'all: $$(foo)\n', { outline: ['Rule targets=all op=Colon prereqs=$$(foo)'], refs: ['DollarDollar'] }],
  // GNU make runs `echo hi` for `>echo hi` once `.RECIPEPREFIX = >`; a tab no longer leads a recipe.
  ['a tab line under another recipe prefix', '.RECIPEPREFIX = >\nall:\n\techo hi\n', {
    kinds: ['Assignment', 'Rule', 'ErrorLine'], codes: [['P001', 3, 2]],
  }],
  ['.RECIPEPREFIX reset to tab', '.RECIPEPREFIX = >\n.RECIPEPREFIX =\nall:\n\techo hi\n', {
    kinds: ['Assignment', 'Assignment', 'Rule', 'RecipeLine'],
  }],
];

const references: readonly Row[] = [
  ['$(x), ${x}, $x and $$', 'x = $(a) ${b} $c $$d\n', { refs: ['VarRef(a)', 'VarRef(b)', 'DollarChar($c)', 'DollarDollar'] }],
  ['nested function calls', 'x = $(patsubst %.c,%.o,$(filter %.c,$(SRCS)))\n', { refs: ['FuncCall(patsubst/3)', 'FuncCall(filter/2)', 'VarRef(SRCS)'] }],
  ['call arguments', 'x = $(call f,a,b,c) $(if $(a),,b) $(foreach v,$(l),$(v).o)\n', {
    refs: ['FuncCall(call/4)', 'FuncCall(if/3)', 'VarRef(a)', 'FuncCall(foreach/3)', 'VarRef(l)', 'VarRef(v)'],
  }],
  ['a call in braces', 'x = ${subst a,b,$(c)}\n', { refs: ['FuncCall(subst/3)', 'VarRef(c)'] }],
  // GNU make counts only the parenthesis kind of the call: `$(subst (,),a)` has 2 arguments.
  ['commas inside parentheses do not split arguments', 'x = $(subst (,),a)\n', { refs: ['FuncCall(subst/2)'] }],
  // GNU make: a function name must be followed by a blank; `$(eval)` and `$(info)` are variables.
  ['a function name without arguments is a variable', 'x = $(eval) $(info)\n', { refs: ['VarRef(eval)', 'VarRef(info)'] }],
  ['an unknown word with arguments is a variable name', 'x = $(foo bar) $(foo,bar)\n', { refs: ['VarRef(foo bar)', 'VarRef(foo,bar)'] }],
  ['substitution references', 'x = $(v:a=b) ${v:.c=.o} $(v:%.c=%.o)\n', { refs: ['SubstRef(v:a=b)', 'SubstRef(v:.c=.o)', 'SubstRef(v:%.c=%.o)'] }],
  // GNU make (x = `a b`): `$(x:a=b=c)` gives `b=c b`; `$(x:b:c=d)` gives `a b` (pattern `b:c`).
  ['substitution references split at the first : and the first = after it', 'x = $(x:a=b=c) $(x:b:c=d)\n', { refs: ['SubstRef(x:a=b=c)', 'SubstRef(x:b:c=d)'] }],
  ['a colon without = is part of the name', 'x = $(v:a)\n', { refs: ['VarRef(v:a)'] }],
  ['computed names', 'x = $($(a)_b)\n', { refs: ['VarRef($(a)_b)', 'VarRef(a)'] }],
  // GNU make (kati INTERNALS.md): `$($(foo)` refers to the variable named `$(foo`; make reads it without error.
  ['$($(foo) is a variable named $(foo', 'x = $($(foo)\n', { outline: ['Assignment name=x op=Equals value=$($(foo)'], refs: ['VarRef($(foo)'] }],
  ['a line of references is unresolved', '$(eval $(call foo,bar))\n', {
    kinds: ['UnresolvedLine'], outline: ['UnresolvedLine expr=$(eval $(call foo,bar))'], refs: ['FuncCall(eval/1)', 'FuncCall(call/2)'],
  }],
  ['$(foo) alone is unresolved; with a colon it is a rule', '$(foo)\n$(foo) : bar\n', {
    outline: ['UnresolvedLine expr=$(foo)', 'Rule targets=$(foo) op=Colon prereqs=bar'],
  }],
];

const groups: ReadonlyArray<readonly [string, readonly Row[]]> = [
  ['comments', comments],
  ['continuations', continuations],
  ['assignments', assignments],
  ['define', defines],
  ['conditionals', conditionals],
  ['directives', directives],
  ['rules', rules],
  ['references', references],
];

for (const [group, rows] of groups) {
  describe(group, () => {
    it.each(rows)('%s', (_title, input, expected) => {
      check(input, expected);
    });
  });
}

describe('CRLF line ends read like LF', () => {
  // GNU make drops the CR of a CRLF line end (read.c readline), so every row must read the same.
  it.each(groups.flatMap(([, rows]) => rows))('%s', (_title, input, expected) => {
    check(input.replace(/\n/g, '\r\n'), expected);
  });
});

describe('known parser bugs', () => {
  // BUG: a substitution reference whose `=` is lexed into a longer operator token (`:=`, `::=`,
  // `+=`) is read as a variable name. GNU make 4.3 with x = `a b` gives `a.o b.o` for `$(x:=.o)`
  // and `a b` (unchanged) for the other three: all four are substitution references.
  it('substitution references with an empty pattern or a pattern ending in : + ? !', () => {
    check('x = $(x:=.o) $(x::=y) $(x:+=z) $(x:b+=c)\n', {
      refs: ['SubstRef(x:=.o)', 'SubstRef(x::=y)', 'SubstRef(x:+=z)', 'SubstRef(x:b+=c)'],
    });
  });
  // BUG: with `.RECIPEPREFIX = >` the recipe line's prefix token is the whole first token
  // `>echo hi` and its text is empty; GNU make runs `echo hi`.
  it('a recipe line led by another .RECIPEPREFIX', () => {
    check('.RECIPEPREFIX = >\nall:\n>echo hi\n', {
      outline: ['Assignment name=.RECIPEPREFIX op=Equals value=>', 'Rule targets=all op=Colon prereqs=', 'RecipeLine prefix=> text=echo hi'],
    });
  });
  // BUG: `unexport` is read as an assignment modifier. GNU make 4.3 has only `export`, `override`
  // and `private` (read.c parse_var_assignment): `unexport x = 1` is the unexport directive over
  // the words `x`, `=`, `1`, after which $(x) is empty and $(origin x) is `file`.
  it('unexport before an assignment is the unexport directive', () => {
    check('unexport x = 1\n', { outline: ['Directive unexport args=x = 1'] });
  });
});
