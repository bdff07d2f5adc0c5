#!/usr/bin/env python3
"""A screenshot of a page once it has drawn, through the system chromedriver (WebDriver's HTTP
protocol, standard library only): headless Chromium's own --screenshot cannot wait for a page
that keeps a server-sent-events stream open, as the lab's run page does.

    bench/screenshot.py URL PNG [--ready CSS] [--size 1280x800]

--ready: wait until an element matching CSS exists (at most 30 s), then a moment for charts."""
import argparse, base64, json, socket, subprocess, tempfile, time, urllib.request

a = argparse.ArgumentParser()
a.add_argument("url"); a.add_argument("png")
a.add_argument("--ready", default="body"); a.add_argument("--size", default="1280x800")
args = a.parse_args()
width, height = (int(v) for v in args.size.split("x"))

with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"

def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["value"]

try:
    for _ in range(100):
        try:
            call("GET", "/status"); break
        except OSError:
            time.sleep(0.1)
    flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", f"--user-data-dir={tempfile.mkdtemp()}",
             f"--window-size={width},{height}"]
    session = call("POST", "/session", {"capabilities": {"alwaysMatch": {
        "browserName": "chrome", "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": flags}}}})["sessionId"]
    s = f"/session/{session}"
    # The page area itself width x height, whatever the window's frame takes (as LabBrowser.size).
    frame = call("POST", s + "/execute/sync", {"script": "return [window.outerWidth - "
                 "window.innerWidth, window.outerHeight - window.innerHeight]", "args": []})
    call("POST", s + "/window/rect", {"width": width + frame[0], "height": height + frame[1]})
    call("POST", s + "/url", {"url": args.url})
    deadline = time.time() + 30
    while not call("POST", s + "/elements", {"using": "css selector", "value": args.ready}):
        if time.time() > deadline:
            raise SystemExit(f"screenshot: {args.ready} never appeared on {args.url}")
        time.sleep(0.2)
    time.sleep(1)
    png = base64.b64decode(call("GET", s + "/screenshot"))
    open(args.png, "wb").write(png)
    call("DELETE", s)
finally:
    driver.terminate()
