#!/usr/bin/python3
"""What assistive technology receives from the running Tessera window, read
over AT-SPI (the bus Orca reads), for tests/e2e/atspi.test.mjs.

  atspi.py dump          every node of the app: role, name, text, states, and
                         whether it sits in a dialog or the account list (JSON)
  atspi.py press NAME    performs the default action of the button named NAME
                         (what Orca does on Enter); exit 3 if there is none
"""
import json
import sys

import pyatspi
from gi.repository import GLib

APP = 'tessera-app'


def app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        a = desktop.getChildAtIndex(i)
        if a is not None and (a.name or '') == APP:
            return a
    return None


def text_of(acc):
    try:
        t = acc.queryText()
        return t.getText(0, t.characterCount)
    except NotImplementedError:
        return None
    except Exception:
        return None


def attributes(acc):
    try:
        return dict(a.split(':', 1) for a in acc.getAttributes() if ':' in a)
    except Exception:
        return {}


def walk(acc, ancestors, out):
    if acc is None or len(out) > 5000:
        return
    try:
        role = acc.getRoleName()
        states = acc.getState()
    except GLib.GError:
        # An accessible whose process ended meanwhile (a closed window's web
        # process still listed by the registry): nothing of it to read.
        return
    attrs = attributes(acc)
    out.append({
        'role': role,
        'name': acc.name or '',
        'description': acc.description or '',
        'text': text_of(acc),
        'focused': states.contains(pyatspi.STATE_FOCUSED),
        'showing': states.contains(pyatspi.STATE_SHOWING),
        'live': attrs.get('container-live') or attrs.get('live') or '',
        'tag': attrs.get('tag', ''),
        'id': attrs.get('id', ''),
        'inDialog': 'dialog' in ancestors,
        'inList': 'list' in ancestors,
    })
    here = ancestors + [role if role != 'panel' or attrs.get('tag') != 'ul' else 'list']
    for i in range(acc.childCount):
        walk(acc.getChildAtIndex(i), here, out)


def find(acc, name):
    if acc is None:
        return None
    if acc.getRoleName() in ('push button', 'toggle button') and (acc.name or '') == name:
        return acc
    for i in range(acc.childCount):
        hit = find(acc.getChildAtIndex(i), name)
        if hit is not None:
            return hit
    return None


def main():
    root = app()
    if root is None:
        print(json.dumps({'error': f'no {APP} on the AT-SPI bus'}))
        sys.exit(2)
    if sys.argv[1] == 'dump':
        out = []
        walk(root, [], out)
        json.dump(out, sys.stdout)
    elif sys.argv[1] == 'press':
        button = find(root, sys.argv[2])
        if button is None:
            sys.exit(3)
        button.queryAction().doAction(0)
    else:
        sys.exit(64)


main()
