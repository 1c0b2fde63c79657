using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace MotCua.Grains.Events;

/// <summary>Makes the grain's persistent state through Orleans' own factory and wraps it in an <see cref="OutboxedState{T}"/>.</summary>
public sealed class OutboxStateAttributeMapper : IAttributeToFactoryMapper<OutboxStateAttribute>
{
    private static readonly MethodInfo CreateMethod = typeof(OutboxStateAttributeMapper)
        .GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, OutboxStateAttribute attribute)
    {
        var parameterType = parameter.ParameterType;
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException(
                $"[OutboxState] must be on an IPersistentState<T> parameter; {parameter.Member.DeclaringType}.{parameter.Name} is {parameterType}.");
        }

        var stateType = parameterType.GetGenericArguments()[0];
        var outbox = stateType.GetProperties().SingleOrDefault(p => p.PropertyType == typeof(EventOutboxState) && p.CanRead)
            ?? throw new InvalidOperationException($"{stateType} has no EventOutboxState property for [OutboxState].");
        var create = CreateMethod.MakeGenericMethod(stateType);
        return context => create.Invoke(null, [context, attribute, outbox])!;
    }

    private static IPersistentState<T> Create<T>(IGrainContext context, IPersistentStateConfiguration configuration, PropertyInfo outbox)
    {
        var inner = context.ActivationServices.GetRequiredService<IPersistentStateFactory>().Create<T>(context, configuration);
        var publisher = context.ActivationServices.GetRequiredService<EventPublisher>();
        return new OutboxedState<T>(inner, context, publisher, state => (EventOutboxState)outbox.GetValue(state)!);
    }
}
