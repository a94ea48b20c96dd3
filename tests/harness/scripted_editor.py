"""An $EDITOR for tests: edits the file it is given as the next step of a plan says.

The plan is a JSON list in the file named by $SCRIPTED_EDITOR_PLAN; step N (the
Nth time the editor is opened) is {"replace": [[old, new], ...]} (each old text
must be in the file), {"write": text} or {"quit": true} (leave without saving).
Every text the editor was opened on is kept as editor-log/N.toml beside the plan.
"""

import json
import os
import sys
from pathlib import Path

path = Path(sys.argv[1])
plan_path = Path(os.environ["SCRIPTED_EDITOR_PLAN"])
log = plan_path.parent / "editor-log"
log.mkdir(exist_ok=True)
opened = len(list(log.iterdir())) + 1
text = path.read_text(encoding="utf-8")
(log / f"{opened}.toml").write_text(text, encoding="utf-8")
plan = json.loads(plan_path.read_text(encoding="utf-8"))
if opened > len(plan):
    sys.exit(f"scripted editor: opened {opened} times, the plan has {len(plan)} steps")
step = plan[opened - 1]
if step.get("quit"):
    sys.exit(0)
for old, new in step.get("replace", []):
    if old not in text:
        sys.exit(f"scripted editor: {old!r} is not in the form")
    text = text.replace(old, new, 1)
if "write" in step:
    text = step["write"]
path.write_text(text, encoding="utf-8")
