using Microsoft.Extensions.Options;

namespace River;

/// <summary>Validates <see cref="RiverClientOptions"/> for the options pattern with <see cref="RiverClientOptions.Validate"/>.</summary>
internal sealed class RiverClientOptionsValidator : IValidateOptions<RiverClientOptions>
{
    public ValidateOptionsResult Validate(string? name, RiverClientOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (RiverConfigurationException e)
        {
            return ValidateOptionsResult.Fail(e.Problems);
        }
    }
}
