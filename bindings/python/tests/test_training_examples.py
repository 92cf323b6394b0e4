"""The training examples: example 200 (surrogate_grad_lif.py) follows brainpy.state's loss curve from the
same data and initial weights; digits.py reaches >= 90 % test accuracy; the C example (examples/c/digits.c,
compiled here against the library under test) trains on the same spikes to exactly the same result."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO

sklearn = pytest.importorskip('sklearn', reason='digits.py uses scikit-learn\'s bundled digits (tools/setup.sh installs it)')


def result(stdout):
    lines = stdout.strip().splitlines()
    assert lines[-1].startswith('RESULT ') and sum(line.startswith('RESULT') for line in lines) == 1
    return json.loads(lines[-1][len('RESULT '):])


def run_script(name, *args, cwd, parse=True):
    """Run an example in cwd with the library these tests load (an absolute path)."""
    from brainpystate import library_path
    script = os.path.join(REPO, 'examples', 'python', name)
    env = dict(os.environ, BRAINPYSTATE_LIBRARY=library_path())
    out = subprocess.run([sys.executable, script, *args], capture_output=True, text=True, cwd=cwd, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout, result(out.stdout) if parse else None


def test_example_200_follows_the_reference_loss_curve(tmp_path):
    stdout, res = run_script('surrogate_grad_lif.py', '--plot', str(tmp_path / 'loss.png'), cwd=tmp_path)
    ref = json.load(open(os.path.join(REPO, 'fixtures', 'reference', 'training', 'example200.json')))
    losses = res['losses']
    assert len(losses) == 300
    assert losses[0] == pytest.approx(ref['loss_first'], abs=1e-6)          # ln 2: the LIF layer starts silent
    for it, want in zip(ref['loss_iterations'], ref['loss']):
        assert abs(losses[it - 1] - want) < 0.02, f'iteration {it}: {losses[it - 1]:.4f} vs brainpy.state {want:.4f}'
    assert res['loss_last'] < 0.55
    assert res['accuracy_before'] == pytest.approx(ref['accuracy_before'])
    assert res['accuracy_after'] > res['accuracy_before'] + 0.15
    assert 'brainpy.state' in stdout


def test_digits_python_and_c_train_identically_above_90_percent(tmp_path):
    stdout, py = run_script('digits.py', '--plot', str(tmp_path / 'digits.png'), cwd=tmp_path)
    assert py['test_accuracy'] >= 0.90, stdout
    assert py['test_accuracy_before'] < 0.3
    if os.path.exists(tmp_path / 'digits.png'):
        assert os.path.getsize(tmp_path / 'digits.png') > 0
    # the C example, built against the library these tests load
    from brainpystate import library_path
    cc = shutil.which('cc') or shutil.which('gcc')
    if cc is None:
        pytest.skip('no C compiler')
    libdir = tmp_path / 'lib'
    libdir.mkdir()
    os.symlink(library_path(), libdir / 'libbrainpystate.so')
    os.symlink(library_path(), libdir / 'libbrainpystate.so.1')
    exe = tmp_path / 'digits'
    subprocess.run([cc, '-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', os.path.join(REPO, 'examples', 'c', 'digits.c'),
                    '-I', os.path.join(REPO, 'include'), '-L', str(libdir), '-lbrainpystate', f'-Wl,-rpath,{libdir}',
                    '-lm', '-o', str(exe)], check=True)
    csv = tmp_path / 'digits.csv'
    run_script('digits.py', '--export-csv', str(csv), cwd=tmp_path, parse=False)
    out = subprocess.run([str(exe), str(csv)], capture_output=True, text=True, check=True)
    c = result(out.stdout)
    assert c['test_accuracy'] == py['test_accuracy']
    assert c['w1_checksum'] == py['w1_checksum']
    assert c['final_loss'] == pytest.approx(py['final_loss'], rel=1e-12)
