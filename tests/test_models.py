"""Model loading verifies the sha256 manifest and refuses a tampered model."""

from __future__ import annotations

import shutil

import pytest

from civic.models.store import ModelError, verify_manifest, write_manifest


def test_manifest_roundtrip_and_tamper_detection(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "weights.bin").write_bytes(b"\x00" * 100)
    (folder / "sub").mkdir()
    (folder / "sub" / "cfg.json").write_text("{}", encoding="utf-8")
    write_manifest(folder)
    verify_manifest(folder)

    (folder / "weights.bin").write_bytes(b"\x01" * 100)
    with pytest.raises(ModelError, match="changed"):
        verify_manifest(folder)
    write_manifest(folder)
    (folder / "extra.bin").write_bytes(b"x")
    with pytest.raises(ModelError, match="unexpected"):
        verify_manifest(folder)


def test_unverified_model_is_refused(tmp_path):
    with pytest.raises(ModelError, match="unverified"):
        verify_manifest(tmp_path)


def test_shipped_topic_model_loads_and_refuses_tampering(tmp_path):
    from civic.analyse.components.topics import TopicModel
    from civic.models.store import DEFAULT_TOPICS, resolve

    shipped = resolve(DEFAULT_TOPICS)
    if shipped is None:
        pytest.skip("no shipped topic model")
    copy = tmp_path / "topics"
    shutil.copytree(shipped, copy)
    model = TopicModel.load(copy)
    [topics] = model.predict(["Die Grundschule am Park bekommt einen Erweiterungsbau mit zwölf Klassenräumen."])
    assert topics[0]["label"] == "bildung"
    with open(copy / "model.skops", "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(ModelError):
        TopicModel.load(copy)
