import string

from assembly.backup import errors
from assembly.backup.errors import BackupError, FileMismatch


def test_every_backup_error_has_a_status_a_code_and_both_messages_naming_only_its_fields():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, BackupError)]
    assert len(classes) > 10
    for cls in classes:
        assert 400 <= cls.status < 600 and cls.code.startswith("backup."), cls
        assert cls.vi and cls.en and cls.vi != cls.en, cls
        for template in (cls.vi, cls.en):
            named = {name for _t, name, _s, _c in string.Formatter().parse(template) if name is not None}
            assert named <= {*cls.fields, "detail"}, cls


def test_a_mismatch_names_the_file_and_the_field_in_both_languages():
    error = FileMismatch("b.tar:data/register/ab/x.pdf", "files[4].sha256", "ab" * 32, "cd" * 32)
    assert "b.tar:data/register/ab/x.pdf" in error.message("vi") and "“files[4].sha256”" in error.message("vi")
    assert str(error).startswith("File b.tar:data/register/ab/x.pdf does not match the manifest (field “files[4].sha256”)")
