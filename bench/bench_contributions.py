"""Image messages: render time per size (p50/p99) and the gallery with 100,000
approved items (server time of one page, first, filtered and deep)."""

import io
import os
import statistics
import subprocess
import time

from server import PYTHON, ROOT, env_for, fresh_database

ITEMS = int(os.environ.get("BENCH_GALLERY_ITEMS", "100000"))
RENDERS = int(os.environ.get("BENCH_RENDERS", "60"))

MEASURE = r"""
import json, random, time
from django.test import Client
from django.utils import timezone
from clarion.contributions.models import Submission

COUNTRIES = ["AZ", "TR", "FR", "DE", "US", "RU", "ES", "GB", "IT", "JO"]
LANGS = ["en", "ru", "tr", "es", "fr", "ar", "de", "az"]
now = timezone.now()
rows = [
    Submission(kind="image", status="approved", image=f"contributions/bench/{n}.jpg",
               country=COUNTRIES[n % 10], language=LANGS[n % 8], author_name=f"Bench {n}",
               title=f"Image message {n}", created_at=now, featured=(n % 500 == 0))
    for n in range(__ITEMS__)
]
Submission.objects.bulk_create(rows, batch_size=5000)
client = Client(HTTP_HOST="127.0.0.1")

def median_ms(path, repeat=15):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return times[len(times) // 2]

deep = Submission.objects.order_by("pk").values_list("pk", flat=True)[__ITEMS__ // 2]
out = {
    "first": median_ms("/en/image-message/gallery/"),
    "country": median_ms("/en/image-message/gallery/?country=FR&language=fr"),
    "deep": median_ms(f"/en/image-message/gallery/?before={deep}"),
    "featured": median_ms("/en/image-message/gallery/?featured=1"),
}
print(json.dumps(out))
"""


def _r(value, unit, goal, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": False,
            "notes": notes}  # fmt: skip


def render_times():
    """Warm: the stored photo is already decoded and scaled (as for every render of a
    draft after its first); cold: decoding and scaling the stored photo included."""
    from PIL import Image

    from clarion.contributions import compose

    out = io.BytesIO()
    Image.effect_noise((2400, 1800), 60).convert("RGB").save(out, "JPEG", quality=90)
    stored = out.getvalue()  # what a cleaned upload looks like in storage
    results = {}
    for size, dimensions in compose.SIZES.items():
        composition = compose.Composition(
            frame="blossom", background="night", text="Xocalını unutmuruq", size=size,
            language="az",
        )  # fmt: skip
        prepared = compose.cover(compose.open_photo(stored, dimensions), dimensions)
        compose.render_jpeg(composition, prepared)  # fonts and frame layers loaded once
        warm, cold = [], []
        for _ in range(RENDERS):
            start = time.perf_counter()
            compose.render_jpeg(composition, prepared)
            warm.append((time.perf_counter() - start) * 1000)
        for _ in range(max(5, RENDERS // 4)):
            start = time.perf_counter()
            photo = compose.cover(compose.open_photo(stored, dimensions), dimensions)
            compose.render_jpeg(composition, photo)
            cold.append((time.perf_counter() - start) * 1000)
        results[size] = (percentiles(warm), percentiles(cold))
    return results


def percentiles(times):
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.99) - 1)]


def run():
    import json

    renders = render_times()
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "load_content_pack", "khojaly", "--no-progress"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                       env=env, check=True)  # fmt: skip
        command = [PYTHON, "manage.py", "shell", "-v0", "-c",
                   MEASURE.replace("__ITEMS__", str(ITEMS))]  # fmt: skip
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        gallery = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        cleanup()
    results = {}
    warm_note = "photo (2400×1800, decoded once) + frame + Azerbaijani slogan → JPEG q86"
    cold_note = "the same, decoding and scaling the stored photo each time (a draft's first render)"
    for size, ((p50, p99), (cold50, cold99)) in renders.items():
        goal = 40 if size == "square" else 60
        results[f"compose_{size}_p50_ms"] = _r(p50, "ms", goal, warm_note)
        results[f"compose_{size}_p99_ms"] = _r(p99, "ms", goal * 2, warm_note)
        results[f"compose_{size}_cold_p50_ms"] = _r(cold50, "ms", 150, cold_note)
        results[f"compose_{size}_cold_p99_ms"] = _r(cold99, "ms", 300, cold_note)
    n = f"{ITEMS:,} approved image messages, SQLite, Django test client (server time)"
    results["gallery_first_page_ms"] = _r(gallery["first"], "ms", 50, n)
    results["gallery_filtered_page_ms"] = _r(gallery["country"], "ms", 50, f"{n}; country+language")
    results["gallery_deep_page_ms"] = _r(gallery["deep"], "ms", 50, f"{n}; half-way back (keyset)")
    results["gallery_featured_page_ms"] = _r(gallery["featured"], "ms", 50, f"{n}; featured only")
    return results
