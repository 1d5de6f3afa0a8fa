using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Alliances.Api.Data;

/// <summary>
/// The transaction a handler opens for its writes. Alone, it is a transaction of its own. Inside a request that carries
/// an <c>Idempotency-Key</c>, the idempotency middleware has already opened one, so that the handler's writes and the
/// stored response commit together (docs/operations.md, "Idempotency and failures"); the handler then gets a savepoint
/// in it, with the same meaning: commit keeps its writes, dispose without commit undoes them.
/// </summary>
public static class WriteTransactions
{
    private const string SavepointName = "handler_write";

    public static async Task<IDbContextTransaction> BeginWriteAsync(this DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is not { } outer)
        {
            return await db.Database.BeginTransactionAsync(cancellationToken);
        }

        await outer.CreateSavepointAsync(SavepointName, cancellationToken);
        return new SavepointTransaction(outer);
    }

    private sealed class SavepointTransaction(IDbContextTransaction outer) : IDbContextTransaction
    {
        private bool _done;

        public Guid TransactionId => outer.TransactionId;

        public void Commit()
        {
            outer.ReleaseSavepoint(SavepointName);
            _done = true;
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await outer.ReleaseSavepointAsync(SavepointName, cancellationToken);
            _done = true;
        }

        public void Rollback()
        {
            _done = true;
            outer.RollbackToSavepoint(SavepointName);
        }

        public async Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            _done = true;
            await outer.RollbackToSavepointAsync(SavepointName, cancellationToken);
        }

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                try
                {
                    outer.RollbackToSavepoint(SavepointName);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // The connection is gone; the outer transaction fails and rolls back as a whole.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_done)
            {
                _done = true;
                try
                {
                    await outer.RollbackToSavepointAsync(SavepointName);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // As in Dispose.
                }
            }
        }
    }
}
