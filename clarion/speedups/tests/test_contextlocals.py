import threading
from unittest import mock

from django.test import SimpleTestCase
from django.utils import translation
from django.utils.translation import trans_real

from clarion.speedups import contextlocals


class UnlockTestCase(SimpleTestCase):
    def setUp(self):
        for module, name in contextlocals.places():
            self.addCleanup(setattr, module, name, getattr(module, name))

    def test_it_swaps_every_locked_local_once(self):
        self.assertEqual(contextlocals.unlock(), 4)
        self.assertEqual(contextlocals.unlock(), 0)

    def test_each_thread_keeps_its_own_language(self):
        contextlocals.unlock()
        seen, ready = {}, threading.Barrier(2)

        def speak(language):
            with translation.override(language):
                ready.wait()  # both threads have activated before either reads
                seen[language] = (translation.get_language(), translation.gettext("Events"))

        threads = [threading.Thread(target=speak, args=(code,)) for code in ("fr", "ru")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(seen["fr"][0], "fr")
        self.assertEqual(seen["ru"][0], "ru")
        self.assertNotEqual(seen["fr"][1], seen["ru"][1])

    def test_it_leaves_django_alone_without_asgiref_storage(self):
        with mock.patch.object(contextlocals, "_storage", return_value=None):
            self.assertEqual(contextlocals.unlock(), 0)
        self.assertEqual(type(trans_real._active).__name__, "_DefaultLocal")
