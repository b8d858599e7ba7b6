# SPDX-License-Identifier: Apache-2.0
"""The typed messages, one module per group as the C++ headers are (smpcore.messages has them
all)."""
