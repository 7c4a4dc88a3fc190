"""Typeset the plain-text formulas of the docstrings in the API reference.

A docstring writes a displayed formula as it should read in `help()`, in a fenced block
named `formula`:

    ```formula
    σ(z) = 1 / (1 + e^{−z}),   σ'(z) = σ(z)(1 − σ(z))
    ```

Unicode symbols, sub- and superscripts and `x^{...}` / `x_{...}` are kept (KaTeX reads
them); this hook adds what plain text leaves out: words become upright text or operator
names, `·` a centred dot, `√x` a root, runs of spaces a wide gap, and each line a row of a
centred stack.  The result is an arithmatex block that the site's KaTeX renders like the
guide's `$$ ... $$`.
"""

from __future__ import annotations

import html
import re
import unicodedata

#: Words set as operators (upright, with operator spacing) rather than as prose.
OPERATORS = {"ln", "log", "exp", "max", "min", "sign", "tanh", "softmax", "ReLU", "relu",
             "diag", "mean", "Var", "sigmoid", "softplus", "argmax", "clip", "erf"}
SPECIAL = {"·": r"\cdot ", "…": r"\dots ", "Σ": r"\sum ", "&": r"\&", "%": r"\%", "#": r"\#", "$": r"\$"}
TOKEN = re.compile(r"(?P<command>\\[A-Za-z]+)|(?P<gap> {2,})|(?P<root>√)"
                   r"|(?P<word>[A-Za-z]{2,}\d*(?:-[A-Za-z]+)*)|(?P<special>[·…Σ&%#$])")
COMBINING = re.compile(r"[\u0300-\u036f]*")
ACCENTS = {"\u0302": "hat", "\u0304": "bar", "\u0303": "tilde", "\u0307": "dot", "\u0308": "ddot",
           "\u0301": "acute", "\u0300": "grave", "\u20d7": "vec"}
ACCENTED = re.compile("(.)([" + "".join(ACCENTS) + "])")


def accents(text: str) -> str:
    """`ŷ` and `m̂` as `\\hat{y}` and `\\hat{m}`, which KaTeX sets in math mode."""
    return ACCENTED.sub(lambda m: rf"\{ACCENTS[m[2]]}{{{m[1]}}}", unicodedata.normalize("NFD", text))


def root_argument(text: str, start: int) -> tuple[str, int]:
    """The radicand after a `√` at `start - 1`: a bracketed group or one symbol and its accents."""
    if start < len(text) and text[start] == "(":
        depth = 0
        for end in range(start, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                return text[start + 1:end], end + 1
    if start < len(text):
        if text.startswith("\\", start):  # an accent made by accents(): \hat{v}
            end = text.index("}", start) + 1
            return text[start:end], end
        end = COMBINING.match(text, start + 1).end()
        return text[start:end], end
    return "", start


def to_latex(line: str) -> str:
    """One line of a plain-text formula as LaTeX that KaTeX accepts."""
    out, index = [], 0
    while index < len(line):
        match = TOKEN.search(line, index)
        if match is None:
            out.append(line[index:])
            break
        out.append(line[index:match.start()])
        index = match.end()
        if match["command"]:
            out.append(match["command"])
        elif match["gap"]:
            out.append(r"\qquad ")
        elif match["root"]:
            argument, index = root_argument(line, index)
            out.append(r"\sqrt{" + to_latex(argument) + "}")
        elif match["word"]:
            word = match["word"]
            out.append(rf"\operatorname{{{word}}}" if word in OPERATORS else rf"\text{{ {word} }}")
        else:
            out.append(SPECIAL[match["special"]])
    return "".join(out)


def formula_to_latex(source: str) -> str:
    rows = [to_latex(accents(line.strip())) for line in source.strip().splitlines() if line.strip()]
    if len(rows) == 1:
        return rows[0]
    return "\\begin{gathered}\n" + " \\\\\n".join(rows) + "\n\\end{gathered}"


def format_formula(source, language, css_class, options, md, **kwargs):
    """superfences' formatter for a `formula` fence: an arithmatex display block."""
    return f'<div class="arithmatex">\\[\n{html.escape(formula_to_latex(source))}\n\\]</div>'


def on_config(config):
    fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault(
        "custom_fences", [])
    fences.append({"name": "formula", "class": "arithmatex", "format": format_formula})
    return config
