using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using MotCua.Grains.Calendar;
using MotCua.Grains.Catalogue;
using MotCua.Grains.Channels;
using MotCua.Gateways;
using MotCua.Grains.Events;
using MotCua.Grains.Payments;
using MotCua.Grains.Payments.Gateways;
using MotCua.Grains.Wallets;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Idempotency;
using MotCua.Grains.Storage.Memory;

namespace MotCua.Grains;

/// <summary>Registers what the grains need: reference data, the working-day clock, options and time.</summary>
public static class GrainServiceCollectionExtensions
{
    public static IServiceCollection AddMotCuaGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ProcedureCatalogue.LoadEmbedded());
        services.Configure<CalendarOptions>(configuration.GetSection(CalendarOptions.Section));
        services.TryAddSingleton(sp => HolidayCalendar.Load(sp.GetRequiredService<IOptions<CalendarOptions>>().Value.Directory));
        services.TryAddSingleton<WorkingDayClock>();
        // History tables (issue 16): in memory unless durable mode registered PostgreSQL's (AddMotCuaPostgresStorage).
        services.TryAddSingleton<ILedgerJournal, MemoryLedgerJournal>();
        services.TryAddSingleton<IReceiptBook, MemoryReceiptBook>();
        services.TryAddSingleton<IDossierNumberBook, MemoryDossierNumberBook>();
        services.TryAddSingleton<IChannelBook, MemoryChannelBook>();
        services.TryAddSingleton<IIdempotencyAnswers, MemoryIdempotencyAnswers>();
        services.TryAddSingleton<IDossierIndex, MemoryDossierIndex>();
        services.TryAddSingleton<IStatsBook, MemoryStatsBook>();
        services.TryAddSingleton<IKpiBook, MemoryKpiBook>();
        services.TryAddSingleton<IPaymentBook, MemoryPaymentBook>();
        services.Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section));
        services.AddHostedService<IdempotencySweeper>();
        services.TryAddSingleton<CalendarWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<CalendarWatch>());
        services.Configure<PaymentOptions>(configuration.GetSection(PaymentOptions.Section));
        services.Configure<ChannelOptions>(configuration.GetSection(ChannelOptions.Section));
        services.Configure<WalletOptions>(configuration.GetSection(WalletOptions.Section));
        services.TryAddSingleton(sp => CollectionAccounts.FromConfiguration(configuration,
            sp.GetRequiredService<IOptions<PaymentOptions>>().Value, sp.GetService<IHostEnvironment>()));
        services.TryAddSingleton<IPaymentGateways, PaymentGateways>();
        // Registered always, validated on use: a provider whose section is incomplete is simply not asked (IsConfigured).
        services.AddPaymentGateways(configuration.GetSection("Gateways"), validateOnStart: false);

        // Tests register their own first, to fail a payment saga at a chosen step.
        services.TryAddSingleton<IPaymentSagaFaults, NoPaymentSagaFaults>();
        // Domain events (issue 7): states marked [OutboxState] publish their outbox after each write; webhooks deliver them.
        // None in production; MotCua:Events:Faults:ExitBeforePublish is a test-only fault (see ExitBeforePublishFault).
        services.TryAddSingleton(_ => ExitBeforePublishFault.FromConfiguration(configuration));
        services.TryAddSingleton<EventPublisher>();
        services.TryAddSingleton<IAttributeToFactoryMapper<OutboxStateAttribute>, OutboxStateAttributeMapper>();
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        // Webhook receivers: https to public addresses only, checked on the address connected (loopback http in Development).
        services.TryAddSingleton(sp => WebhookAddressPolicy.For(sp.GetService<IHostEnvironment>()));
        services.AddHttpClient(WebhookOptions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookAddressPolicy>().CreateHandler());
        return services;
    }
}
