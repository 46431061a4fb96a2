"""Publishing: statistics, the dataset card, and pushing versions to the Hub."""
