import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.tsx';
import { setupI18n } from './i18n/index.ts';
import { LockWindowApp, isLockWindow } from './screens/lab/LockWindowApp.tsx';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // Host calls are local; a failure is a real answer (offline, not signed in), not a blip to retry.
    queries: { retry: 1, staleTime: 2_000 },
    mutations: { retry: false },
  },
});

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

void setupI18n().then(() => {
  createRoot(rootElement).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        {isLockWindow() ? <LockWindowApp /> : <App />}
      </QueryClientProvider>
    </StrictMode>,
  );
});
