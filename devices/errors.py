"""Errors of the devices room: one root, a stable code on each class.

DeviceError
 +-- RemoteFrameError      a keypad or receiver sent bytes we cannot use (counted, logged, dropped)
 +-- LocalProtocolError    we tried to build a frame or event that cannot exist (our bug)
 +-- DeviceConfigError     a keymap, line-rule file or port spec given by the operator is invalid
"""

from __future__ import annotations


class DeviceError(Exception):
    """Root of every error raised by ``devices``."""

    code = "device.error"


class RemoteFrameError(DeviceError):
    """A frame from the far end is unusable; ``reason`` is one of the decoder's reject reasons."""

    code = "device.frame_rejected"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class LocalProtocolError(DeviceError):
    """An event with out-of-range fields was about to be encoded or constructed."""

    code = "device.local_protocol"


class DeviceConfigError(DeviceError):
    """Operator configuration (keymap, line rules, port spec) is invalid; nothing was changed."""

    code = "device.config_invalid"

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
