"""Output files: only regular files are written, atomically, and a failed write leaves nothing."""

import errno
import os
import stat

import pytest

from accord.errors import OutputError
from accord.report._files import check_target, prepare_folder, write_atomic


def test_a_new_file_and_an_existing_regular_file_are_written_whole(tmp_path):
    target = tmp_path / "report.html"
    write_atomic(target, b"first")
    target.chmod(0o640)
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    # The file keeps the permissions its owner gave it.
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_named_pipe_is_refused_and_left_in_place(tmp_path):
    pipe = tmp_path / "out.html"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match=r"out\.html: is a named pipe, expected a regular file"):
        write_atomic(pipe, b"report")
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_a_symbolic_link_is_refused_and_neither_it_nor_its_target_changes(tmp_path):
    real = tmp_path / "real.html"
    real.write_text("keep me")
    link = tmp_path / "link.html"
    link.symlink_to(real.name)
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to("nowhere.html")
    for path in (link, dangling):
        with pytest.raises(OutputError, match="is a symbolic link"):
            write_atomic(path, b"report")
        assert path.is_symlink()
    assert real.read_text() == "keep me"
    assert not (tmp_path / "nowhere.html").exists()


def test_a_device_node_is_refused_and_left_in_place(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs privileges this test does not have")
    with pytest.raises(OutputError, match="null: is a device"):
        check_target(device)
    with pytest.raises(OutputError, match="is a device"):
        write_atomic(device, b"report")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_folder_at_the_target_and_a_missing_folder_are_refused(tmp_path):
    with pytest.raises(OutputError, match="is a folder, expected a file name"):
        check_target(tmp_path)
    with pytest.raises(OutputError, match="does not exist"):
        check_target(tmp_path / "missing" / "report.html")


def test_a_failed_write_is_one_error_and_leaves_no_file(tmp_path, monkeypatch):
    def full_disk(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    target = tmp_path / "report.html"
    with pytest.raises(OutputError, match=r"report\.html: could not be written .*No space left"):
        write_atomic(target, b"x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("previous report")

    def refused(source, destination):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(OutputError, match="could not be written"):
        write_atomic(target, b"new")
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_figures_folder_must_be_a_folder(tmp_path):
    pipe = tmp_path / "figures"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match="figures: is a named pipe, expected a folder"):
        prepare_folder(pipe)
    assert prepare_folder(tmp_path / "new" / "figures").is_dir()
