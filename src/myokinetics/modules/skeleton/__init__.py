"""Bone and tendon: chronic adaptation of the passive skeleton to the loads of training."""
