#!/usr/bin/env python3
"""The lab's ties between its classes, counted from the sources (issue 30):

    bench/lab-ties.py [SRC]        (SRC: src/main/java/backproplab/lab, the default)

For each lab class, the other lab classes it names (imports or same-package references, comments
and strings left out; a name its own file declares, as a nested record, is its own). Each class
is placed in a layer: the server (LabServer), the core (http, workspace: what every page uses) or
a page package. A tie counts as wrong when it runs from the core to a page, from one page to
another, or from anything back to LabServer. A flat package (before issue 30) is placed by the
PLANNED table below, the packages its classes were moved to."""
import os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else "src/main/java/backproplab/lab"
CORE = {"http", "workspace"}
PLANNED = {
    "http": "AccessToken BadRequestException BodySize GsonMapper InvalidFieldException "
            "InvalidFieldsException LabLimits LabOptions NotFoundException PlainErrors Reach "
            "ReadOnly SameOrigin Slots",
    "workspace": "TestDigits LabModels TrainForm",
    "backprop": "BackpropApi BackpropForm ChainRules ShownNumbers SweepView",
    "runs": "RunsApi RunEvents RunStatus RunView LabTraining Verdicts",
    "design": "DesignApi", "cnn": "CnnApi CnnLab CnnView", "journal": "JournalApi"}
planned = {c: p for p, cs in PLANNED.items() for c in cs.split()}


def strip(src):
    return re.sub(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\])*"', " ", src, flags=re.S)


files = {}
for d, _, names in os.walk(root):
    for n in names:
        if n.endswith(".java") and n != "package-info.java":
            files[n[:-5]] = strip(open(os.path.join(d, n), encoding="utf-8").read())
package = {c: re.search(r"\bpackage\s+([\w.]+);", s).group(1) for c, s in files.items()}


def layer(c):
    if c == "LabServer":
        return "server"
    sub = package[c].removeprefix("backproplab.lab").lstrip(".")
    return sub or planned.get(c, "?")


ties, wrong = 0, []
for c, s in sorted(files.items()):
    own = set(re.findall(r"\b(?:class|record|enum|interface)\s+(\w+)", s)) - {c}
    imported = set(re.findall(r"^import\s+backproplab\.lab\.(?:\w+\.)*(\w+);", s, re.M))
    body = re.sub(r"^import[^\n]*\n", "", s, flags=re.M)
    named = set(re.findall(r"\b([A-Z]\w*)\b", body)) - own
    refs = sorted(o for o in files if o != c and o in named
                  and (package[o] == package[c] or o in imported))
    for o in refs:
        ties += 1
        a, b = layer(c), layer(o)
        if b == "server" or (a in CORE and b not in CORE) or (
                a not in CORE | {"server"} and b not in CORE and a != b):
            wrong.append(f"{c} ({a}) -> {o} ({b})")
print(f"{len(files)} classes, {ties} ties between lab classes; "
      f"{len(wrong)} run back to the server, from the core to a page, or between pages")
for w in wrong:
    print("  " + w)
