"""examples/python/coba.py runs and ends with one RESULT line of JSON."""

import json
import os
import subprocess
import sys

from conftest import REPO


def test_coba_example_script(tmp_path):
    script = os.path.join(REPO, 'examples', 'python', 'coba.py')
    out = subprocess.run([sys.executable, script, '--neurons', '1000', '--duration', '200', '--no-progress',
                          '--threads', '1', '--plot', str(tmp_path / 'raster.png')],
                         capture_output=True, text=True, check=True, cwd=tmp_path)
    lines = out.stdout.strip().splitlines()
    assert lines[-1].startswith('RESULT ')
    assert sum(line.startswith('RESULT') for line in lines) == 1
    res = json.loads(lines[-1][len('RESULT '):])
    assert set(res) == {'E_rate_Hz', 'I_rate_Hz', 'run_s', 'compile_s', 'threads'}
    assert res['threads'] == 1 and res['run_s'] > 0 and res['compile_s'] > 0
    assert 20 < res['E_rate_Hz'] < 100 and 20 < res['I_rate_Hz'] < 100
    assert any('E rate' in line for line in lines) and any('I rate' in line for line in lines)
