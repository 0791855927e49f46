// One loopback cluster serves every test, and the fault tests stop one of its shards: the tests run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
