using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MotCua.Grains.Calendar;
using MotCua.Grains.Catalogue;
using MotCua.Grains.Channels;
using MotCua.Grains.Payments;

namespace MotCua.Grains;

/// <summary>Registers what the grains need: reference data, the working-day clock, options and time.</summary>
public static class GrainServiceCollectionExtensions
{
    public static IServiceCollection AddMotCuaGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ProcedureCatalogue.LoadEmbedded());
        services.TryAddSingleton(_ => HolidayCalendar.LoadEmbedded());
        services.TryAddSingleton<WorkingDayClock>();
        services.Configure<PaymentOptions>(configuration.GetSection(PaymentOptions.Section));
        services.Configure<ChannelOptions>(configuration.GetSection(ChannelOptions.Section));
        return services;
    }
}
