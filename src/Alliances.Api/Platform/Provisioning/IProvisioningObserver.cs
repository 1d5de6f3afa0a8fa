namespace Alliances.Api.Platform.Provisioning;

/// <summary>
/// Told after each step of a claim, inside its transaction. The default does nothing; the atomicity tests use it to
/// inject a failure between steps and prove that nothing is left behind.
/// </summary>
public interface IProvisioningObserver
{
    ValueTask StepCompletedAsync(ProvisioningStep step, CancellationToken cancellationToken);
}

/// <summary>The production observer: no-op.</summary>
public sealed class NoProvisioningObserver : IProvisioningObserver
{
    public ValueTask StepCompletedAsync(ProvisioningStep step, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
