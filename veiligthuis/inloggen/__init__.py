"""Logging in: password, TOTP two-step verification, lockout, idle timeout and password change."""
