import re, collections, sys
txt = open(sys.argv[1]).read()
events = txt.split('jdk.ExecutionSample')
self_c = collections.Counter(); incl = collections.Counter(); n = 0
for ev in events:
    if 'SliceSearch' not in ev and 'SeismicHitsQuery' not in ev: continue
    if 'SliceSearch' not in ev: continue
    frames = re.findall(r'^\s+([\w.$<>/]+)\(', ev, re.M)
    frames = [f for f in frames if f]
    if not frames: continue
    n += 1
    self_c[frames[0]] += 1
    seen = set()
    for f in frames:
        if f not in seen:
            incl[f] += 1; seen.add(f)
print("samples in SliceSearch:", n)
print("--- self top 25")
for f,c in self_c.most_common(25): print(f"{100*c/n:5.1f}% {f}")
print("--- inclusive (dev.seismic) top 30")
for f,c in incl.most_common(200):
    if 'seismic' in f: print(f"{100*c/n:5.1f}% {f}")
