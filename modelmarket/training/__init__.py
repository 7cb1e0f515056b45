"""Federated training: fixed-point updates, local training, FedAvg, and the TrainingRounds chain calls."""
