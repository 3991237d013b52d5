"""Saves a Word document as a password-protected Word 97-2003 .doc, through LibreOffice's UNO bridge.

    /usr/bin/python3 scripts/encrypt-doc.py SOURCE TARGET PASSWORD

`soffice --convert-to` cannot set a password; a document stored with the Password property can.
Needs LibreOffice Writer and python3-uno (Debian's python3, where the `uno` module lives).
"""
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

PIPE = 'gongkai-encrypt-doc'


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect():
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    for _ in range(120):
        try:
            return resolver.resolve(f'uno:pipe,name={PIPE};urp;StarOffice.ComponentContext')
        except NoConnectException:
            time.sleep(0.25)
    raise SystemExit('LibreOffice did not start')


source, target, password = sys.argv[1:4]
office = subprocess.Popen(['soffice', '--headless', '--invisible', '--norestore', f'--accept=pipe,name={PIPE};urp;'])
try:
    context = connect()
    desktop = context.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', context)
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), '_blank', 0, (prop('Hidden', True),))
    document.storeToURL(uno.systemPathToFileUrl(target), (prop('FilterName', 'MS Word 97'), prop('Password', password)))
    document.close(True)
    try:
        desktop.terminate()  # the bridge drops as soffice exits
    except Exception:
        pass
    office.wait(timeout=60)
finally:
    if office.poll() is None:
        office.kill()
