"""Qt front end of Meta-LSTM Explorer: the engine runs in a worker thread, these modules only draw."""
