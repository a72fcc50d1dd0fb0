namespace River.Testing;

internal static class TestingAssembly
{
}
